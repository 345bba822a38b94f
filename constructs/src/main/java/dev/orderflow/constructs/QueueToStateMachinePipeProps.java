package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import org.immutables.value.Value;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;

/** Props of {@link QueueToStateMachinePipe}. */
@Value.Immutable
public interface QueueToStateMachinePipeProps {

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
   * Messages per execution, from 1 to 10.
   *
   * @default 1
   */
  @Value.Default
  default int batchSize() {
    return 1;
  }

  /**
   * How long the pipe's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return RetentionDays.ONE_MONTH;
  }

  @Value.Check
  default void check() {
    Checks.requireBetween("batchSize", batchSize(), 1, 10);
  }

  static ImmutableQueueToStateMachinePipeProps.Builder builder() {
    return ImmutableQueueToStateMachinePipeProps.builder();
  }
}
