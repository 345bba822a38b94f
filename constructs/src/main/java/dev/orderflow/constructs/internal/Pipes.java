package dev.orderflow.constructs.internal;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** What the pipes of OrderFlow share: their role, their stream source, their logging, their failure metric. */
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

  /**
   * A DynamoDB stream as a pipe's source: its reading settings, failed batches bisected and then
   * sent to {@code deadLetterQueueArn}, and only the records that one of {@code filterPatterns}
   * matches.
   */
  public static CfnPipe.PipeSourceParametersProperty streamSource(String startingPosition, Number batchSize,
      Number maximumRetryAttempts, Number maximumRecordAgeSeconds, String deadLetterQueueArn,
      List<String> filterPatterns) {
    return CfnPipe.PipeSourceParametersProperty.builder()
        .dynamoDbStreamParameters(CfnPipe.PipeSourceDynamoDBStreamParametersProperty.builder()
            .startingPosition(startingPosition)
            .batchSize(batchSize)
            .maximumRetryAttempts(maximumRetryAttempts)
            .maximumRecordAgeInSeconds(maximumRecordAgeSeconds)
            .onPartialBatchItemFailure("AUTOMATIC_BISECT")
            .deadLetterConfig(CfnPipe.DeadLetterConfigProperty.builder().arn(deadLetterQueueArn).build())
            .build())
        .filterCriteria(CfnPipe.FilterCriteriaProperty.builder()
            .filters(filterPatterns.stream()
                .map(pattern -> CfnPipe.FilterProperty.builder().pattern(pattern).build())
                .toList())
            .build())
        .build();
  }

  /** The one wildcard a stream reader's role needs, acknowledged with its reason. */
  public static void acknowledgeStreamListing(IConstruct role) {
    Validations.of(role).acknowledge(Acknowledgment.builder()
        .id("AwsSolutions-IAM5[Resource::*]")
        .reason("dynamodb:ListStreams, which reading a table's stream needs, supports no resource narrower than *")
        .build());
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
