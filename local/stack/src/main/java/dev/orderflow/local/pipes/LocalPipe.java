package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One {@code AWS::Pipes::Pipe} of a template, running on this machine.
 *
 * <p>Sources: an SQS queue (batch size, batching window, delete on success, partial batch
 * failure) or a DynamoDB stream of the table engine (starting position, batch size, batching
 * window, retries, {@code AUTOMATIC_BISECT}, record age, dead-letter queue; records in stream
 * order). Filter criteria run on Event Ruler; the input template is rendered per event as Pipes
 * renders it. Targets: a Step Functions state machine ({@code REQUEST_RESPONSE} or
 * {@code FIRE_AND_FORGET}), an SNS topic, an SQS queue or a Lambda function, reached through
 * {@link PipeTargets}. Anything else in the properties fails {@link #create} with a message
 * that names the logical id and the property.
 *
 * <pre>{@code
 * try (LocalPipe pipe = LocalPipe.create("OrdersPipe", "orders-pipe", properties, targets, sqs, tables,
 *     PipeOptions.defaults())) {
 *   pipe.start();
 *   ...
 * }
 * }</pre>
 */
public final class LocalPipe implements AutoCloseable {

  private static final Set<String> PROPERTIES = Set.of("Name", "Description", "DesiredState", "Source",
      "SourceParameters", "Target", "TargetParameters", "RoleArn", "LogConfiguration", "Tags", "KmsKeyIdentifier");
  private static final int DEFAULT_SQS_BATCH_SIZE = 10;
  private static final int DEFAULT_STREAM_BATCH_SIZE = 1;
  private static final int MESSAGE_TARGET_MAX_BATCH = 10;

  private final String logicalId;
  private final String name;
  private final String arn;
  private final String sourceArn;
  private final String targetArn;
  private final boolean stopped;
  private final PipeSource source;
  private volatile boolean started;
  private volatile boolean closed;

  private LocalPipe(String logicalId, String name, String arn, String sourceArn, String targetArn, boolean stopped,
      PipeSource source) {
    this.logicalId = logicalId;
    this.name = name;
    this.arn = arn;
    this.sourceArn = sourceArn;
    this.targetArn = targetArn;
    this.stopped = stopped;
    this.source = source;
  }

  /**
   * Reads a pipe's properties and prepares it; nothing runs before {@link #start()}.
   *
   * @param logicalId the pipe's logical id in the template, for errors and thread names
   * @param name the pipe's physical name, for {@code <aws.pipes.pipe-name>} and its ARN
   * @param properties the resource's {@code Properties}, with intrinsics already resolved
   * @param targets what the pipe calls: state machines, topics, queues, functions
   * @param sqs how the pipe reads an SQS source; needed by {@link #start()} for an SQS source
   * @param tables the table engine; needed by {@link #start()} for a DynamoDB stream source
   * @param options local settings
   * @return the pipe, not started
   * @throws AssemblyException naming the logical id and the property, for anything a local pipe cannot honour
   */
  public static LocalPipe create(String logicalId, String name, JsonNode properties, PipeTargets targets,
      SourceQueue sqs, DynamoDbEngine tables, PipeOptions options) {
    Objects.requireNonNull(logicalId, "logicalId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(options, "options");
    Reader read = new Reader(logicalId);
    read.onlyKnown(properties, "", PROPERTIES);
    if (properties.has("Enrichment") || properties.has("EnrichmentParameters")) {
      throw read.error("Enrichment", "enrichments are not run by the local pipe runner; supported: a pipe "
          + "without Enrichment");
    }
    String desiredState = read.text(properties, "DesiredState", "RUNNING");
    if (!desiredState.equals("RUNNING") && !desiredState.equals("STOPPED")) {
      throw read.error("DesiredState", "is '" + desiredState + "'; supported: RUNNING, STOPPED");
    }
    String sourceArn = read.requiredText(properties, "Source");
    String targetArn = read.requiredText(properties, "Target");
    String[] arnParts = sourceArn.split(":", 6);
    if (arnParts.length < 6) {
      throw read.error("Source", "is '" + sourceArn + "', which is not an ARN");
    }
    String pipeArn = "arn:aws:pipes:" + arnParts[3] + ":" + arnParts[4] + ":pipe/" + name;

    JsonNode sourceParameters = properties.path("SourceParameters");
    boolean sqsSource = sourceArn.startsWith("arn:aws:sqs:");
    boolean streamSource = sourceArn.startsWith("arn:aws:dynamodb:") && sourceArn.contains("/stream/");
    if (!sqsSource && !streamSource) {
      throw read.error("Source", "is '" + sourceArn + "'; supported: an SQS queue (arn:aws:sqs:...) or a "
          + "DynamoDB stream (arn:aws:dynamodb:...:table/NAME/stream/LABEL)");
    }
    read.onlyKnown(sourceParameters, "SourceParameters.", Set.of("FilterCriteria",
        sqsSource ? "SqsQueueParameters" : "DynamoDBStreamParameters"));
    EventFilter filter = EventFilter.of(read.filterPatterns(sourceParameters.path("FilterCriteria")), logicalId);

    PipeTarget.Kind kind = PipeTarget.kindOf(targetArn);
    if (kind == null) {
      throw read.error("Target", "is '" + targetArn + "'; supported: a Step Functions state machine "
          + "(arn:aws:states:...:stateMachine:NAME), an SNS topic (arn:aws:sns:...), an SQS queue "
          + "(arn:aws:sqs:...), a Lambda function (arn:aws:lambda:...) or an event bus (arn:aws:events:...:event-bus/NAME)");
    }
    JsonNode targetParameters = properties.path("TargetParameters");
    String kindParameters = switch (kind) {
      case STATE_MACHINE -> "StepFunctionStateMachineParameters";
      case FUNCTION -> "LambdaFunctionParameters";
      case QUEUE -> "SqsQueueParameters";
      case TOPIC -> null;
      case EVENT_BUS -> "EventBridgeEventBusParameters";
    };
    read.onlyKnown(targetParameters, "TargetParameters.", kindParameters == null ? Set.of("InputTemplate")
        : Set.of("InputTemplate", kindParameters));
    boolean sync = true;
    if (kind == PipeTarget.Kind.STATE_MACHINE) {
      JsonNode parameters = targetParameters.path("StepFunctionStateMachineParameters");
      read.onlyKnown(parameters, "TargetParameters.StepFunctionStateMachineParameters.", Set.of("InvocationType"));
      String invocation = read.text(parameters, "InvocationType", "REQUEST_RESPONSE");
      if (!invocation.equals("REQUEST_RESPONSE") && !invocation.equals("FIRE_AND_FORGET")) {
        throw read.error("TargetParameters.StepFunctionStateMachineParameters.InvocationType", "is '"
            + invocation + "'; supported: REQUEST_RESPONSE, FIRE_AND_FORGET");
      }
      sync = invocation.equals("REQUEST_RESPONSE");
    } else if (kind == PipeTarget.Kind.FUNCTION) {
      JsonNode parameters = targetParameters.path("LambdaFunctionParameters");
      read.onlyKnown(parameters, "TargetParameters.LambdaFunctionParameters.", Set.of("InvocationType"));
      String invocation = read.text(parameters, "InvocationType", "REQUEST_RESPONSE");
      if (!invocation.equals("REQUEST_RESPONSE")) {
        throw read.error("TargetParameters.LambdaFunctionParameters.InvocationType", "is '" + invocation
            + "'; supported: REQUEST_RESPONSE");
      }
    } else if (kind == PipeTarget.Kind.QUEUE) {
      // MessageGroupId and MessageDeduplicationId are for FIFO queues, which the local targets do not send to.
      read.onlyKnown(targetParameters.path("SqsQueueParameters"), "TargetParameters.SqsQueueParameters.", Set.of());
    }
    String templateText = read.text(targetParameters, "InputTemplate", null);
    InputTemplate template = templateText == null ? null : new InputTemplate(templateText, logicalId);
    InputTemplate.Variables variables = new InputTemplate.Variables(pipeArn, name, sourceArn, targetArn);
    PipeTarget target = new PipeTarget(kind, targetArn, sync, template, variables, targets)
        .withMeter(options.meter(), name);
    if (kind == PipeTarget.Kind.EVENT_BUS) {
      JsonNode parameters = targetParameters.path("EventBridgeEventBusParameters");
      String prefix = "TargetParameters.EventBridgeEventBusParameters.";
      read.onlyKnown(parameters, prefix, Set.of("DetailType", "Source", "Resources", "Time", "EndpointId"));
      if (parameters.has("EndpointId")) {
        throw read.error(prefix + "EndpointId", "is set; global endpoints do not run locally");
      }
      List<String> resources = new java.util.ArrayList<>();
      parameters.path("Resources").forEach(r -> resources.add(r.asText()));
      java.time.Instant time = null;
      if (parameters.path("Time").isTextual()) {
        try {
          time = java.time.Instant.parse(parameters.get("Time").asText());
        } catch (java.time.format.DateTimeParseException e) {
          throw read.error(prefix + "Time", "is '" + parameters.get("Time").asText() + "'; locally it must be an"
              + " ISO 8601 instant such as 2026-01-01T00:00:00Z");
        }
      }
      target.withEventBusEntry(new PipeTarget.EventBusEntry(read.text(parameters, "Source", "Pipe " + name),
          read.text(parameters, "DetailType", "Event from " + (sqsSource ? "aws:sqs" : "aws:dynamodb")),
          List.copyOf(resources), time));
    }

    PipeSource source;
    String batchProperty;
    int batchSize;
    if (sqsSource) {
      JsonNode parameters = sourceParameters.path("SqsQueueParameters");
      String prefix = "SourceParameters.SqsQueueParameters.";
      read.onlyKnown(parameters, prefix, Set.of("BatchSize", "MaximumBatchingWindowInSeconds"));
      batchProperty = prefix + "BatchSize";
      batchSize = read.integer(parameters, prefix, "BatchSize", DEFAULT_SQS_BATCH_SIZE, 1, 10_000);
      int window = read.integer(parameters, prefix, "MaximumBatchingWindowInSeconds", 0, 0, 300);
      source = new SqsSource(logicalId, sourceArn, batchSize, Duration.ofSeconds(window), filter, target, sqs,
          options);
    } else {
      JsonNode parameters = sourceParameters.path("DynamoDBStreamParameters");
      String prefix = "SourceParameters.DynamoDBStreamParameters.";
      read.onlyKnown(parameters, prefix, Set.of("StartingPosition", "BatchSize", "DeadLetterConfig",
          "MaximumBatchingWindowInSeconds", "MaximumRecordAgeInSeconds", "MaximumRetryAttempts",
          "OnPartialBatchItemFailure", "ParallelizationFactor"));
      String start = read.text(parameters, "StartingPosition", null);
      if (start == null) {
        throw read.error(prefix + "StartingPosition", "is missing; supported: TRIM_HORIZON, LATEST");
      }
      if (!start.equals("TRIM_HORIZON") && !start.equals("LATEST")) {
        throw read.error(prefix + "StartingPosition", "is '" + start + "'; supported: TRIM_HORIZON, LATEST");
      }
      batchProperty = prefix + "BatchSize";
      batchSize = read.integer(parameters, prefix, "BatchSize", DEFAULT_STREAM_BATCH_SIZE, 1, 10_000);
      int window = read.integer(parameters, prefix, "MaximumBatchingWindowInSeconds", 0, 0, 300);
      int retries = read.integer(parameters, prefix, "MaximumRetryAttempts", -1, -1, 10_000);
      int age = read.integer(parameters, prefix, "MaximumRecordAgeInSeconds", -1, -1, 604_800);
      // Parallel batches per shard only change throughput; one at a time keeps every record in order.
      read.integer(parameters, prefix, "ParallelizationFactor", 1, 1, 10);
      String onPartial = read.text(parameters, "OnPartialBatchItemFailure", null);
      if (onPartial != null && !onPartial.equals("AUTOMATIC_BISECT")) {
        throw read.error(prefix + "OnPartialBatchItemFailure", "is '" + onPartial + "'; supported: AUTOMATIC_BISECT");
      }
      JsonNode deadLetter = parameters.path("DeadLetterConfig");
      read.onlyKnown(deadLetter, prefix + "DeadLetterConfig.", Set.of("Arn"));
      String deadLetterArn = read.text(deadLetter, "Arn", null);
      if (deadLetterArn != null && !deadLetterArn.startsWith("arn:aws:sqs:") && !deadLetterArn.startsWith("arn:aws:sns:")) {
        throw read.error(prefix + "DeadLetterConfig.Arn", "is '" + deadLetterArn
            + "'; supported: an SQS queue or SNS topic ARN");
      }
      String tableName = tableOfStream(sourceArn);
      StreamSource.Settings settings = new StreamSource.Settings(sourceArn, tableName, start.equals("TRIM_HORIZON"),
          batchSize, Duration.ofSeconds(window), retries, age, onPartial != null, deadLetterArn);
      source = new StreamSource(logicalId, pipeArn, settings, filter, target, tables, targets, options);
    }
    if ((kind == PipeTarget.Kind.TOPIC || kind == PipeTarget.Kind.QUEUE) && batchSize > MESSAGE_TARGET_MAX_BATCH) {
      throw read.error(batchProperty, "is " + batchSize + ", more than the " + MESSAGE_TARGET_MAX_BATCH
          + " that an " + (kind == PipeTarget.Kind.TOPIC ? "SNS topic" : "SQS queue")
          + " target takes per batch; supported: 1 to " + MESSAGE_TARGET_MAX_BATCH);
    }
    return new LocalPipe(logicalId, name, pipeArn, sourceArn, targetArn, desiredState.equals("STOPPED"), source);
  }

  private static String tableOfStream(String streamArn) {
    String resource = streamArn.split(":", 6)[5];
    int start = resource.indexOf("table/") + "table/".length();
    return resource.substring(start, resource.indexOf("/stream/"));
  }

  /**
   * Starts reading the source, unless the pipe's {@code DesiredState} is {@code STOPPED}.
   * Starting twice does nothing more.
   */
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("Pipe " + logicalId + " is closed");
    }
    if (stopped || started) {
      return;
    }
    source.start();
    started = true;
  }

  /**
   * Whether nothing is buffered in the pipe and no batch is in flight. Messages still in the
   * source queue, and stream records the table engine has not yet handed over, are not counted.
   *
   * @return {@code true} when the pipe holds nothing
   */
  public boolean idle() {
    return !started || closed || source.idle();
  }

  /**
   * Whether the pipe reads its source: started, not closed, and not {@code STOPPED} in the template.
   *
   * @return {@code true} while running
   */
  public boolean running() {
    return started && !closed;
  }

  /**
   * The pipe's logical id in the template.
   *
   * @return the logical id
   */
  public String logicalId() {
    return logicalId;
  }

  /**
   * The pipe's name, as {@code <aws.pipes.pipe-name>} gives it.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The pipe's ARN, as {@code <aws.pipes.pipe-arn>} gives it.
   *
   * @return {@code arn:aws:pipes:REGION:ACCOUNT:pipe/NAME}, region and account of the source
   */
  public String arn() {
    return arn;
  }

  /**
   * The source's ARN.
   *
   * @return a queue or stream ARN
   */
  public String sourceArn() {
    return sourceArn;
  }

  /**
   * The target's ARN.
   *
   * @return a state machine, topic, queue or function ARN
   */
  public String targetArn() {
    return targetArn;
  }

  /** Stops reading the source and frees every thread of the pipe; a batch in flight is abandoned. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (started) {
      source.close();
    }
  }

  /** Reads properties and builds the errors that name the pipe and the property. */
  private static final class Reader {
    private final String logicalId;

    Reader(String logicalId) {
      this.logicalId = logicalId;
    }

    AssemblyException error(String property, String problem) {
      return new AssemblyException("Pipe " + logicalId + ": " + property + " " + problem);
    }

    void onlyKnown(JsonNode node, String prefix, Set<String> known) {
      if (node.isMissingNode() || node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        throw error(prefix.isEmpty() ? "Properties" : prefix.substring(0, prefix.length() - 1),
            "must be an object, but is " + node);
      }
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String field = names.next();
        if (!known.contains(field)) {
          throw error(prefix + field, "is not supported by the local pipe runner; supported here: "
              + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
        }
      }
    }

    String requiredText(JsonNode node, String field) {
      String value = text(node, field, null);
      if (value == null) {
        throw error(field, "is missing");
      }
      return value;
    }

    String text(JsonNode node, String field, String fallback) {
      JsonNode value = node.path(field);
      if (value.isMissingNode() || value.isNull()) {
        return fallback;
      }
      if (!value.isTextual()) {
        throw error(field, "must be a resolved string, but is " + value);
      }
      return value.asText();
    }

    int integer(JsonNode node, String prefix, String field, int fallback, int min, int max) {
      JsonNode value = node.path(field);
      if (value.isMissingNode() || value.isNull()) {
        return fallback;
      }
      int number;
      if (value.isIntegralNumber()) {
        number = value.asInt();
      } else if (value.isTextual() && value.asText().matches("-?\\d+")) {
        number = Integer.parseInt(value.asText());
      } else {
        throw error(prefix + field, "must be a whole number from " + min + " to " + max + ", but is " + value);
      }
      if (number < min || number > max) {
        throw error(prefix + field, "is " + number + "; allowed: " + min + " to " + max);
      }
      return number;
    }

    List<String> filterPatterns(JsonNode criteria) {
      List<String> patterns = new ArrayList<>();
      if (criteria.isMissingNode() || criteria.isNull()) {
        return patterns;
      }
      onlyKnown(criteria, "SourceParameters.FilterCriteria.", Set.of("Filters"));
      JsonNode filters = criteria.path("Filters");
      for (int i = 0; i < filters.size(); i++) {
        JsonNode filter = filters.get(i);
        String property = "SourceParameters.FilterCriteria.Filters[" + i + "].";
        onlyKnown(filter, property, Set.of("Pattern"));
        JsonNode pattern = filter.path("Pattern");
        if (!pattern.isTextual()) {
          throw error(property + "Pattern", "must be a resolved string holding an event pattern, but is " + pattern);
        }
        patterns.add(pattern.asText());
      }
      return patterns;
    }
  }
}
