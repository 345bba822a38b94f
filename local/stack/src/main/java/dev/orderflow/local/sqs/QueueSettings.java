package dev.orderflow.local.sqs;

import java.util.List;
import java.util.Optional;

/**
 * One queue as created locally from the template.
 *
 * @param logicalId the resource's logical id
 * @param name the queue name ({@code QueueName}, or generated as CloudFormation does)
 * @param url the local queue URL
 * @param arn the queue ARN
 * @param fifo whether it is a FIFO queue
 * @param visibilityTimeoutSeconds the visibility timeout (SQS default 30)
 * @param messageRetentionSeconds the retention period (SQS default 345600); recorded, not enforced
 * @param delaySeconds the delivery delay (default 0)
 * @param receiveWaitSeconds the long-poll wait of a receive that sets none (default 0)
 * @param redrive the dead-letter queue and receive count, when the queue has a redrive policy
 * @param notEmulated the properties set in the template that have no effect locally
 */
public record QueueSettings(
    String logicalId,
    String name,
    String url,
    String arn,
    boolean fifo,
    int visibilityTimeoutSeconds,
    int messageRetentionSeconds,
    int delaySeconds,
    int receiveWaitSeconds,
    Optional<Redrive> redrive,
    List<String> notEmulated) {

  /** Copies the list. */
  public QueueSettings {
    notEmulated = List.copyOf(notEmulated);
  }

  /**
   * A redrive policy.
   *
   * @param deadLetterQueueArn the dead-letter queue's ARN
   * @param maxReceiveCount the receives after which a message moves there
   */
  public record Redrive(String deadLetterQueueArn, int maxReceiveCount) {}
}
