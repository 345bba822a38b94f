package dev.orderflow.constructs;

import java.util.Map;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.constructs.Construct;

/**
 * An EventBridge Pipe from an SQS queue to a Step Functions state machine, with a role that may
 * only consume that queue and start that state machine, and a log group with retention.
 */
public class QueueToStateMachinePipe extends Construct {

  private final CfnPipe pipe;
  private final Role role;
  private final LogGroup logGroup;

  public QueueToStateMachinePipe(Construct scope, String id, QueueToStateMachinePipeProps props) {
    super(scope, id);
    Stack stack = Stack.of(this);

    this.role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("pipes.amazonaws.com", software.amazon.awscdk.services.iam.ServicePrincipalOpts.builder()
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", stack.getAccount())))
            .build()))
        .description("Reads the queue and starts the state machine of one pipe")
        .build();
    props.queue().grantConsumeMessages(role);
    if (props.invocationType() == PipeInvocationType.REQUEST_RESPONSE) {
      props.stateMachine().grantStartSyncExecution(role);
    } else {
      props.stateMachine().grantStartExecution(role);
    }

    this.logGroup = LogGroup.Builder.create(this, "LogGroup").retention(props.logRetention()).build();
    logGroup.grantWrite(role);

    this.pipe = CfnPipe.Builder.create(this, "Pipe")
        .roleArn(role.getRoleArn())
        .description("Starts the state machine for each batch of queued messages")
        .source(props.queue().getQueueArn())
        .sourceParameters(CfnPipe.PipeSourceParametersProperty.builder()
            .sqsQueueParameters(CfnPipe.PipeSourceSqsQueueParametersProperty.builder()
                .batchSize(props.batchSize())
                .build())
            .build())
        .target(props.stateMachine().getStateMachineArn())
        .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
            .stepFunctionStateMachineParameters(CfnPipe.PipeTargetStateMachineParametersProperty.builder()
                .invocationType(props.invocationType().name())
                .build())
            .build())
        .logConfiguration(CfnPipe.PipeLogConfigurationProperty.builder()
            .level("ERROR")
            .cloudwatchLogsLogDestination(CfnPipe.CloudwatchLogsLogDestinationProperty.builder()
                .logGroupArn(logGroup.getLogGroupArn())
                .build())
            .build())
        .build();
    // The pipe validates its role's permissions when it is created.
    pipe.getNode().addDependency(role);
  }

  public CfnPipe getPipe() {
    return pipe;
  }

  public IRole getRole() {
    return role;
  }

  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** Executions of the pipe that failed, in the {@code AWS/EventBridge/Pipes} namespace. */
  public Metric metricFailures(MetricOptions options) {
    return Metric.Builder.create()
        .namespace("AWS/EventBridge/Pipes")
        .metricName("ExecutionFailed")
        .dimensionsMap(Map.of("PipeName", pipe.getRef()))
        .statistic(options.getStatistic() != null ? options.getStatistic() : "Sum")
        .period(options.getPeriod() != null ? options.getPeriod() : Duration.minutes(5))
        .label(options.getLabel())
        .build();
  }
}
