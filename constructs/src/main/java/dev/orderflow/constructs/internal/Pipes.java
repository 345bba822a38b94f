package dev.orderflow.constructs.internal;

import dev.orderflow.constructs.PipeLogLevel;
import dev.orderflow.constructs.PipeOptions;
import dev.orderflow.constructs.PipeSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/** What the pipes of OrderFlow share: their role, their stream source, their logging, their failure metric. */
public final class Pipes {

  private Pipes() {}

  /** A role that only EventBridge Pipes of this stack's account may assume. */
  public static Role role(Construct scope, String id, String description) {
    return Role.Builder.create(scope, id)
        .assumedBy(new ServicePrincipal("pipes.amazonaws.com", ServicePrincipalOpts.builder()
            .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(scope).getAccount())))
            .build()))
        .description(description)
        .build();
  }

  /** A pipe's role named {@code Role}. */
  public static Role role(Construct scope, String description) {
    return role(scope, "Role", description);
  }

  /**
   * The pieces of a pipe that reads an orders table's stream: its role (allowed to read the stream,
   * send to the dead-letter queue, write the log group and use the key), its dead-letter queue, its
   * log group, the pipe's base settings, to which the caller adds its target, and its source
   * parameters, which {@link #build} merges with the user's.
   */
  public record StreamPipe(Role role, Queue deadLetterQueue, ILogGroup logGroup, CfnPipe.Builder pipe,
      CfnPipe.PipeSourceParametersProperty source) {}

  /** Settings of a stream pipe's source. */
  public record StreamReading(String startingPosition, Number batchSize, Number maximumBatchingWindowSeconds,
      Number maximumRetryAttempts, Number maximumRecordAgeSeconds, List<String> filterPatterns) {}

  /**
   * Builds the shared part of a pipe from {@code table}'s stream, in {@code scope}, with the ids
   * {@code Role}, {@code deadLetterQueueId}, {@code LogGroup} and {@code Pipe}.
   */
  public static StreamPipe fromStream(Construct scope, ITableV2 table, String roleDescription,
      String deadLetterQueueId, String deadLetterQueueWhose, StreamReading reading, PipeOptions logging,
      Optional<IKey> key) {
    String streamArn = table.getTableStreamArn();
    if (streamArn == null) {
      throw new IllegalArgumentException(
          "table must have a stream with new and old images, but " + table.getNode().getPath()
              + " has none: use OrderTable, or an existing table with its stream ARN");
    }
    Role role = role(scope, roleDescription);
    table.grantStreamRead(role);
    Queue deadLetterQueue = DeadLetterQueues.create(scope, deadLetterQueueId, key, deadLetterQueueWhose);
    deadLetterQueue.grantSendMessages(role);
    ILogGroup logGroup = Encryption.logGroup(scope, "LogGroup", logging.logGroup(), logging.logRetention(), key);
    logGroup.grantWrite(role);
    acknowledgeStreamListing(role);
    CfnPipe.Builder pipe = CfnPipe.Builder.create(scope, "Pipe")
        .roleArn(role.getRoleArn())
        .source(streamArn)
        .logConfiguration(logging(logGroup, logging));
    key.ifPresent(k -> encrypt(pipe, role, k));
    return new StreamPipe(role, deadLetterQueue, logGroup, pipe, streamSource(reading,
        deadLetterQueue.getQueueArn()));
  }

  /**
   * Builds {@code pipe} with {@code source} and {@code target}, the construct's parameters, merged
   * with those of the user's {@link PipeOptions#pipeSettings()}, and with the user's name,
   * description, desired state and tags.
   *
   * @throws IllegalArgumentException naming a parameter that the user's settings give another value
   */
  public static CfnPipe build(CfnPipe.Builder pipe, CfnPipe.PipeSourceParametersProperty source,
      CfnPipe.PipeTargetParametersProperty target, PipeOptions options) {
    Optional<PipeSettings> settings = options.pipeSettings();
    pipe.sourceParameters((CfnPipe.PipeSourceParametersProperty) Props.merge("pipeSettings.sourceParameters",
        source, settings.flatMap(PipeSettings::sourceParameters).orElse(null)));
    pipe.targetParameters((CfnPipe.PipeTargetParametersProperty) Props.merge("pipeSettings.targetParameters",
        target, settings.flatMap(PipeSettings::targetParameters).orElse(null)));
    settings.ifPresent(user -> {
      user.name().ifPresent(pipe::name);
      user.description().ifPresent(pipe::description);
      user.desiredState().ifPresent(pipe::desiredState);
      if (!user.tags().isEmpty()) {
        pipe.tags(user.tags());
      }
    });
    return pipe.build();
  }

  /**
   * Encrypts the pipe's stored settings (filters, input template) with {@code key}: the pipe's role
   * uses the key for it.
   */
  public static void encrypt(CfnPipe.Builder pipe, Role role, IKey key) {
    pipe.kmsKeyIdentifier(key.getKeyArn());
    key.grant(role, "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey");
  }

  /**
   * A DynamoDB stream as a pipe's source: its reading settings (a batching window only when it is
   * more than 0), failed batches bisected and then sent to {@code deadLetterQueueArn}, and only the
   * records that one of its filter patterns matches.
   */
  public static CfnPipe.PipeSourceParametersProperty streamSource(StreamReading reading, String deadLetterQueueArn) {
    List<String> filterPatterns = reading.filterPatterns();
    boolean window = reading.maximumBatchingWindowSeconds().doubleValue() > 0;
    return CfnPipe.PipeSourceParametersProperty.builder()
        .dynamoDbStreamParameters(CfnPipe.PipeSourceDynamoDBStreamParametersProperty.builder()
            .startingPosition(reading.startingPosition())
            .batchSize(reading.batchSize())
            .maximumBatchingWindowInSeconds(window ? reading.maximumBatchingWindowSeconds() : null)
            .maximumRetryAttempts(reading.maximumRetryAttempts())
            .maximumRecordAgeInSeconds(reading.maximumRecordAgeSeconds())
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

  /** The pipe's records at the chosen level to {@code logGroup}, with the event only when asked. */
  public static CfnPipe.PipeLogConfigurationProperty logging(ILogGroup logGroup, PipeOptions options) {
    CfnPipe.PipeLogConfigurationProperty.Builder builder = CfnPipe.PipeLogConfigurationProperty.builder()
        .level(options.logLevel().name())
        .cloudwatchLogsLogDestination(CfnPipe.CloudwatchLogsLogDestinationProperty.builder()
            .logGroupArn(logGroup.getLogGroupArn())
            .build());
    if (options.includeExecutionData() && options.logLevel() != PipeLogLevel.OFF) {
      builder.includeExecutionData(List.of("ALL"));
    }
    return builder.build();
  }

  /** Executions of the pipe that failed: {@code ExecutionFailed}, summed. */
  public static Metric metricFailures(CfnPipe pipe, MetricOptions options) {
    return Metrics.metric("AWS/EventBridge/Pipes", "ExecutionFailed", Map.of("PipeName", pipe.getRef()), "Sum", options);
  }
}
