package dev.orderflow.constructs.internal;

import java.util.Map;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.constructs.Construct;

/** What the pipes of OrderFlow share: their role, their logging, their failure metric. */
public final class Pipes {

  private Pipes() {}

  /** A role that only EventBridge Pipes of this stack's account may assume. */
  public static Role role(Construct scope, String description) {
    return Role.Builder.create(scope, "Role")
        .assumedBy(new ServicePrincipal("pipes.amazonaws.com", ServicePrincipalOpts.builder()
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
            .build()))
        .description(description)
        .build();
  }

  /** Errors of the pipe, logged to {@code logGroup}. */
  public static CfnPipe.PipeLogConfigurationProperty errorLogging(ILogGroup logGroup) {
    return CfnPipe.PipeLogConfigurationProperty.builder()
        .level("ERROR")
        .cloudwatchLogsLogDestination(CfnPipe.CloudwatchLogsLogDestinationProperty.builder()
            .logGroupArn(logGroup.getLogGroupArn())
            .build())
        .build();
  }

  /** Executions of the pipe that failed: {@code ExecutionFailed}, summed. */
  public static Metric metricFailures(CfnPipe pipe, MetricOptions options) {
    return Metrics.metric("AWS/EventBridge/Pipes", "ExecutionFailed", Map.of("PipeName", pipe.getRef()), "Sum", options);
  }
}
