package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.assembly.AssemblyException;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * A pipe's {@code FilterCriteria} on Event Ruler, the matcher behind EventBridge: an event passes
 * when any one of the patterns matches it. No patterns: every event passes.
 */
final class EventFilter {

  private final Machine machine;

  private EventFilter(Machine machine) {
    this.machine = machine;
  }

  /**
   * @param patterns the {@code Pattern} of each filter, as JSON text
   * @param logicalId the pipe, for errors
   */
  static EventFilter of(List<String> patterns, String logicalId) {
    if (patterns.isEmpty()) {
      return new EventFilter(null);
    }
    Machine machine = Machine.builder().build();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        machine.addRule("filter-" + i, patterns.get(i));
      } catch (Exception e) {
        throw new AssemblyException("Pipe " + logicalId + ": SourceParameters.FilterCriteria.Filters[" + i
            + "].Pattern is not a valid event pattern (" + e.getMessage() + "): " + patterns.get(i));
      }
    }
    return new EventFilter(machine);
  }

  /** Whether the event, as filters see it (a JSON SQS body parsed), passes. */
  boolean matches(JsonNode view) {
    if (machine == null) {
      return true;
    }
    try {
      return !machine.rulesForJSONEvent(view).isEmpty();
    } catch (RuntimeException e) {
      // Event Ruler refuses some shapes (e.g. a top-level array); Pipes drops what it cannot match.
      return false;
    }
  }
}
