package dev.orderflow.local.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code PutEvents}.
 *
 * @param eventBusName the bus's name or ARN; null for the {@code default} bus
 * @param source the event's source, e.g. {@code orderflow.orders}
 * @param detailType the event's detail type, e.g. {@code OrderStatusChanged}
 * @param detail the event's detail: JSON text of an object
 * @param resources ARNs the event concerns; may be empty
 * @param time the event's time; null for now
 */
public record PutEventsEntry(String eventBusName, String source, String detailType, String detail,
    List<String> resources, Instant time) {

  /** Copies the resources; null becomes empty. */
  public PutEventsEntry {
    resources = resources == null ? List.of() : List.copyOf(resources);
  }

  /**
   * An entry for a bus with no resources, at the current time.
   *
   * @param eventBusName the bus's name or ARN; null for the {@code default} bus
   * @param source the event's source
   * @param detailType the event's detail type
   * @param detail JSON text of an object
   * @return the entry
   */
  public static PutEventsEntry of(String eventBusName, String source, String detailType, String detail) {
    return new PutEventsEntry(eventBusName, Objects.requireNonNull(source, "source"),
        Objects.requireNonNull(detailType, "detailType"), detail, List.of(), null);
  }
}
