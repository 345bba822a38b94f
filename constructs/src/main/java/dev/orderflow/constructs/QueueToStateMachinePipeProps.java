package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;

/** Props of {@link QueueToStateMachinePipe}: what it connects, how, and its {@link QueueToStateMachinePipeOptions settings}. */
@Value.Immutable
public interface QueueToStateMachinePipeProps extends QueueToStateMachinePipeOptions {

  /** The queue the pipe reads. */
  IQueue queue();

  /** The state machine each batch starts. Its input is the batch: an array of SQS records. */
  IStateMachine stateMachine();

  /**
   * How the pipe starts the state machine: {@code REQUEST_RESPONSE} for an Express workflow,
   * {@code FIRE_AND_FORGET} for a Standard one.
   *
   * @default PipeInvocationType.REQUEST_RESPONSE
   */
  @Value.Default
  default PipeInvocationType invocationType() {
    return PipeInvocationType.REQUEST_RESPONSE;
  }

  /**
   * Customer-managed KMS key for the pipe and its new log group; the construct allows CloudWatch
   * Logs to use it in the key's policy, and the pipe's role to use it for the pipe.
   *
   * @default - EventBridge's and CloudWatch Logs' own encryption
   */
  Optional<IKey> encryptionKey();

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableQueueToStateMachinePipeProps.Builder builder() {
    return ImmutableQueueToStateMachinePipeProps.builder();
  }
}
