package dev.orderflow.local.pipes;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a target made of a batch: the item ids that failed (none: the batch succeeded), and the
 * error of the first failure.
 */
record BatchOutcome(Set<String> failed, String error, String cause) {

  static BatchOutcome success() {
    return new BatchOutcome(Set.of(), null, null);
  }

  static BatchOutcome allFailed(List<PipeEvent> batch, String error, String cause) {
    Set<String> ids = new LinkedHashSet<>();
    batch.forEach(event -> ids.add(event.itemId()));
    return new BatchOutcome(ids, error, cause);
  }

  boolean succeeded() {
    return failed.isEmpty();
  }
}
