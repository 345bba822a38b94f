package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.Metrics;
import dev.orderflow.constructs.internal.Pipes;
import java.util.Map;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * An EventBridge Pipe from an SQS queue to a Step Functions state machine, with a role that may
 * only consume that queue and start that state machine, and a log group with retention. It reads
 * batches (10 messages or 1 second by default); with {@code REQUEST_RESPONSE}, the state machine's
 * answer {@code {"batchItemFailures": [{"itemIdentifier": messageId}]}} sends exactly the named
 * messages back to the queue, and the others are deleted.
 */
public class QueueToStateMachinePipe extends Construct {

  private final CfnPipe pipe;
  private final Role role;
  private final ILogGroup logGroup;

  /** Creates it from {@code props}, which were checked when they were built. */
  public QueueToStateMachinePipe(Construct scope, String id, QueueToStateMachinePipeProps props) {
    super(scope, id);
    if (props.invocationType() == PipeInvocationType.REQUEST_RESPONSE
        && props.stateMachine() instanceof StateMachine machine
        && machine.getStateMachineType() == StateMachineType.STANDARD) {
      throw new IllegalArgumentException(
          "invocationType must be FIRE_AND_FORGET for a STANDARD state machine, but REQUEST_RESPONSE was provided:"
              + " a pipe waits only for EXPRESS workflows");
    }
    this.role = Pipes.role(this, "Reads the queue and starts the state machine of one pipe");
    props.queue().grantConsumeMessages(role);
    if (props.invocationType() == PipeInvocationType.REQUEST_RESPONSE) {
      props.stateMachine().grantStartSyncExecution(role);
    } else {
      props.stateMachine().grantStartExecution(role);
    }

    this.logGroup = Encryption.logGroup(this, "LogGroup", props.logGroup(), props.logRetention(),
        props.encryptionKey());
    logGroup.grantWrite(role);

    CfnPipe.Builder builder = CfnPipe.Builder.create(this, "Pipe")
        .roleArn(role.getRoleArn())
        .description("Starts the state machine for each batch of queued messages")
        .source(props.queue().getQueueArn())
        .target(props.stateMachine().getStateMachineArn())
        .logConfiguration(Pipes.logging(logGroup, props));
    props.encryptionKey().ifPresent(key -> Pipes.encrypt(builder, role, key));
    this.pipe = Pipes.build(builder,
        CfnPipe.PipeSourceParametersProperty.builder()
            .sqsQueueParameters(CfnPipe.PipeSourceSqsQueueParametersProperty.builder()
                .batchSize(props.batchSize())
                .maximumBatchingWindowInSeconds(
                    props.maximumBatchingWindow().toSeconds(TimeConversionOptions.builder().integral(true).build()))
                .build())
            .build(),
        CfnPipe.PipeTargetParametersProperty.builder()
            .stepFunctionStateMachineParameters(CfnPipe.PipeTargetStateMachineParametersProperty.builder()
                .invocationType(props.invocationType().name())
                .build())
            .build(),
        props);
    // The pipe validates its role's permissions when it is created.
    pipe.getNode().addDependency(role);
  }

  /** The pipe. */
  public CfnPipe getPipe() {
    return pipe;
  }

  /** The pipe's role: it may consume the queue and start the state machine, nothing else. */
  public IRole getRole() {
    return role;
  }

  /** The pipe's log group. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** Executions of the pipe that failed, in the {@code AWS/EventBridge/Pipes} namespace. */
  public Metric metricFailures(MetricOptions options) {
    return Pipes.metricFailures(pipe, options);
  }

  /**
   * Executions of the pipe in which some messages failed and went back to the queue:
   * {@code ExecutionPartiallyFailed}, summed. For the order workflow, each is an order whose
   * message was malformed or whose processing failed for a technical reason.
   */
  public Metric metricPartialFailures(MetricOptions options) {
    return Metrics.metric("AWS/EventBridge/Pipes", "ExecutionPartiallyFailed",
        Map.of("PipeName", pipe.getRef()), "Sum", options);
  }
}
