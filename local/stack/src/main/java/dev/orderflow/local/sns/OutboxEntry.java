package dev.orderflow.local.sns;

import java.time.Instant;

/**
 * One line of the local SNS outbox: a message published to a topic ({@code PUBLISHED}, one per
 * publication, even on a topic without subscriptions) or its delivery to one subscription
 * ({@code DELIVERED}: an email, an SQS queue, ...).
 *
 * @param kind {@code PUBLISHED} or {@code DELIVERED}
 * @param messageId the SNS message id, shared by a publication and its deliveries
 * @param topicArn the topic
 * @param protocol for a delivery, the subscription's protocol ({@code email}, {@code sqs}, ...); null for a publication
 * @param endpoint for a delivery, the subscription's endpoint (an address, a queue ARN); null for a publication
 * @param subject the subject, null when none was given
 * @param message the message text
 * @param at when it was published or delivered
 */
public record OutboxEntry(String kind, String messageId, String topicArn, String protocol, String endpoint,
    String subject, String message, Instant at) {

  /** Whether this entry is an email delivery. */
  public boolean isEmail() {
    return "DELIVERED".equals(kind) && protocol != null && protocol.startsWith("email");
  }
}
