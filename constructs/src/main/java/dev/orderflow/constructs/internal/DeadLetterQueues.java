package dev.orderflow.constructs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** A dead-letter queue as every construct of OrderFlow makes one, with its acknowledgements. */
public final class DeadLetterQueues {

  private DeadLetterQueues() {}

  /**
   * A queue that keeps what could not be processed for {@code retention}, encrypted with
   * {@code key} (SQS-managed encryption without one) and refusing requests without TLS.
   *
   * @param whose whose dead-letter queue it is, for the acknowledgements, such as "of the pipe";
   *     null when it is the target of an SQS redrive policy, which cdk-nag sees by itself
   */
  public static Queue create(Construct scope, String id, Optional<IKey> key, Duration retention, String whose) {
    Queue.Builder builder = Queue.Builder.create(scope, id)
        .enforceSsl(true)
        .retentionPeriod(retention);
    key.ifPresentOrElse(
        k -> builder.encryption(QueueEncryption.KMS).encryptionMasterKey(k),
        () -> builder.encryption(QueueEncryption.SQS_MANAGED));
    Queue queue = builder.build();
    List<Acknowledgment> acknowledgments = new ArrayList<>();
    acknowledgments.add(Acknowledgment.builder()
        .id("Serverless-SQSRedrivePolicy")
        .reason("A dead-letter queue: its messages are kept for inspection and redrive, not passed on")
        .build());
    if (whose != null) {
      acknowledgments.add(Acknowledgment.builder()
          .id("AwsSolutions-SQS3")
          .reason("This queue is the dead-letter queue " + whose + ", which the rule cannot see because it is"
              + " not an SQS redrive policy")
          .build());
    }
    Validations.of(queue).acknowledge(acknowledgments.toArray(Acknowledgment[]::new));
    return queue;
  }

  /** {@link #create} with the default retention of 14 days. */
  public static Queue create(Construct scope, String id, Optional<IKey> key, String whose) {
    return create(scope, id, key, Defaults.DEAD_LETTER_RETENTION, whose);
  }
}
