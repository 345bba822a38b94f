package dev.orderflow.local.events;

/**
 * What {@code PutEvents} answers for one entry: its event id, or why it was refused.
 *
 * @param eventId the new event's id; null when refused
 * @param errorCode e.g. {@code InvalidArgument} or {@code ResourceNotFoundException}; null when accepted
 * @param errorMessage what was wrong; null when accepted
 */
public record PutEventsResult(String eventId, String errorCode, String errorMessage) {

  /**
   * Whether the entry was accepted.
   *
   * @return true when it has an event id
   */
  public boolean accepted() {
    return eventId != null;
  }
}
