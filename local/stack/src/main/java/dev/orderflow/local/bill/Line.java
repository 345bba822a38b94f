package dev.orderflow.local.bill;

/**
 * One line of the bill: a service's billable unit, the price it is billed at (its key in the
 * prices file), and the rule by which the meter counts it.
 */
public enum Line {

  /** AppSync: each query or mutation that the API executes (a subscription's start is not one). */
  APPSYNC_OPERATIONS("AppSync", "query and mutation operations", "appsync.operations",
      "each GraphQL query or mutation request the API executes is one operation; a request refused before"
          + " execution (authorization) is not"),
  /** AppSync real-time: each update delivered to each subscriber. */
  APPSYNC_MESSAGES("AppSync", "real-time messages", "appsync.realtimeMessages",
      "each subscription update delivered to one subscriber is one message"),
  /** AppSync real-time: the minutes each WebSocket connection is open. */
  APPSYNC_CONNECTION_MINUTES("AppSync", "connection-minutes", "appsync.connectionMinutes",
      "each started minute a real-time connection is open"),
  /** SQS: every API request, one per 64 KB chunk of its payload. */
  SQS_REQUESTS("SQS", "requests", "sqs.requests",
      "every API action is a request (an empty receive too); a call carrying more than 64 KB is one request per"
          + " started 64 KB chunk, a batch call counting its entries' payloads together"),
  /** Pipes: each batch that passes the filter, one request per 64 KB chunk of its events. */
  PIPES_REQUESTS("Pipes", "requests", "pipes.requests",
      "each pipe execution (a batch of events after filtering, sent to the target as one payload) is one request"
          + " per started 64 KB chunk of the batch's events; events the filter drops are not billed"),
  /** Step Functions Express: each execution started. */
  SFN_EXPRESS_REQUESTS("Step Functions", "Express requests", "stepfunctions.expressRequests",
      "each Express execution started is one request"),
  /** Step Functions Express: duration at 64 MB. */
  SFN_EXPRESS_GB_SECONDS("Step Functions", "Express GB-seconds", "stepfunctions.expressGbSeconds",
      "each Express execution's duration rounded up to 100 ms, at 64 MB (the least memory Express bills)"),
  /** Step Functions Standard: each state transition. */
  SFN_STANDARD_TRANSITIONS("Step Functions", "Standard state transitions", "stepfunctions.standardTransitions",
      "each state a Standard execution enters is one state transition"),
  /** Lambda: each invocation. */
  LAMBDA_REQUESTS("Lambda", "requests", "lambda.requests", "each invocation is one request"),
  /** Lambda: duration at the configured memory, on arm64 (Graviton). */
  LAMBDA_GB_SECONDS("Lambda", "GB-seconds (arm64)", "lambda.gbSecondsArm64",
      "each invocation's measured duration rounded up to 1 ms, at the function's MemorySize from the template"),
  /** Lambda: duration at the configured memory, on x86_64. */
  LAMBDA_GB_SECONDS_X86("Lambda", "GB-seconds (x86_64)", "lambda.gbSecondsX86",
      "each invocation's measured duration rounded up to 1 ms, at the function's MemorySize from the template"),
  /** DynamoDB on-demand: write request units. */
  DYNAMODB_WRITE_UNITS("DynamoDB", "write request units", "dynamodb.writeUnits",
      "per item written, each started 1 KB of the larger of its old and new image, at least 1, plus the same for"
          + " each secondary index the change writes; doubled in a transaction; a write refused by its condition"
          + " costs 1"),
  /** DynamoDB on-demand: read request units. */
  DYNAMODB_READ_UNITS("DynamoDB", "read request units", "dynamodb.readUnits",
      "each started 4 KB read (a query: of all the items it read; a batch get: of each item on its own, a missing"
          + " one as 1), at least 1; half when eventually consistent,"
          + " doubled in a transaction"),
  /** DynamoDB Streams: GetRecords calls. */
  DYNAMODB_STREAM_READS("DynamoDB", "stream read requests", "dynamodb.streamReads",
      "each GetRecords call of a pipe's poller that returns records (up to 1,000); a poller reads its shard 4"
          + " times a second, so the records that reach the stream within one 250 ms poll are one read"),
  /** SNS: publishes, per 64 KB chunk. */
  SNS_PUBLISHES("SNS", "publishes", "sns.publishes",
      "each Publish is one request per started 64 KB chunk of its message (a PublishBatch: of all its entries)"),
  /** SNS: email deliveries. */
  SNS_EMAILS("SNS", "email deliveries", "sns.emails", "each message delivered to each email subscription"),
  /** EventBridge: custom events put on a bus, per 64 KB chunk. */
  EVENTBRIDGE_EVENTS("EventBridge", "custom events", "eventbridge.customEvents",
      "each entry of PutEvents accepted is one event per started 64 KB chunk of the entry");

  private final String service;
  private final String unit;
  private final String priceKey;
  private final String rule;

  Line(String service, String unit, String priceKey, String rule) {
    this.service = service;
    this.unit = unit;
    this.priceKey = priceKey;
    this.rule = rule;
  }

  /** The service as the bill names it: AppSync, SQS, Pipes, Step Functions, Lambda, DynamoDB, SNS, EventBridge. */
  public String service() {
    return service;
  }

  /** What is counted, e.g. {@code requests}. */
  public String unit() {
    return unit;
  }

  /** The price's key in the prices file. */
  public String priceKey() {
    return priceKey;
  }

  /** How the meter counts it, as AWS bills it. */
  public String rule() {
    return rule;
  }

  /** Whether this line is email, which the bill's total before email leaves out. */
  public boolean email() {
    return this == SNS_EMAILS;
  }
}
