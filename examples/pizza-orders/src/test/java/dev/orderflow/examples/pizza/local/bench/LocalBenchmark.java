package dev.orderflow.examples.pizza.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.sns.OutboxEntry;
import dev.orderflow.local.stepfunctions.StateMachineType;
import dev.orderflow.local.stepfunctions.StepFunctionsRunner;
import dev.orderflow.local.stepfunctions.TaskCall;
import dev.orderflow.local.stepfunctions.TaskHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes orders through a stack's queue on the local system and measures the whole pipeline:
 * orders per second end to end, and the time from send to the final row and to the email, at
 * the maximum rate and at half of it. In the same run it measures the table engine's raw rate
 * of conditional writes through the path the workflow's DynamoDB tasks take (an in-process call),
 * through a state machine of one DynamoDB task on the same runner, and prints the share of that
 * limit the pipeline reaches. Run by {@code scripts/bench-local.sh}.
 *
 * <p>Arguments: {@code cloudAssemblyDir stackName orders concurrency}.
 */
public final class LocalBenchmark {

  /** DynamoDB writes per order: postOrder's record, then the workflow's claim and finish. */
  private static final int WRITES_PER_ORDER = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path assembly = Path.of(args[0]);
    String stack = args[1];
    int orders = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);
    int pollers = Integer.parseInt(System.getProperty("bench.pollers", "5"));
    try (LocalSystem system = LocalSystem.builder(assembly, stack).sqsPollers(pollers).log(line -> { }).start()) {
      System.out.printf("the order pipe keeps %d receives open%n", pollers);
      String queue = system.logicalIds("AWS::SQS::Queue").stream()
          .filter(id -> !id.contains("DeadLetter")).filter(id -> !id.contains("Notifier")).findFirst().orElseThrow();
      String tableId = system.logicalIds("AWS::DynamoDB::GlobalTable").get(0);
      String table = system.physicalId(tableId);
      Tracker tracker = new Tracker();
      system.tables().addStreamListener(table, record -> {
        var image = record.json().path("dynamodb").path("NewImage");
        String status = image.path("orderStatus").path("S").asText();
        if (status.equals("SUCCESS") || status.equals("FAILED")) {
          tracker.finalRow(image.path("id").path("S").asText());
        }
      });

      System.out.printf("warm-up: %d orders%n", Math.min(100, orders));
      run(system, tableId, queue, tracker, Math.min(100, orders), concurrency, 0);
      tracker.clear();

      Result max = run(system, tableId, queue, tracker, orders, concurrency, 0);
      print("maximum rate", max);
      tracker.clear();
      double half = max.ordersPerSecond / 2;
      Result halfRate = run(system, tableId, queue, tracker, Math.max(50, orders / 2), concurrency, half);
      print(String.format("half rate (%.0f orders/s offered)", half), halfRate);

      double inProcess = rawConditionalWrites(system.tables(), concurrency, Math.max(20_000, orders * 20));
      System.out.printf("table engine, conditional UpdateItem in-process, %d threads: %.0f writes/s%n", concurrency,
          inProcess);
      double rawWrites = workflowPathWrites(system.tables(), concurrency * 4, Math.max(2_000, orders * 2));
      System.out.printf("table engine through the workflow's path (a one-task state machine on the Step Functions"
          + " runner, its DynamoDB task handed to the engine), %d executions at once: %.0f writes/s%n",
          concurrency * 4, rawWrites);
      double share = max.ordersPerSecond * WRITES_PER_ORDER / rawWrites;
      System.out.printf("share of the limit: %.0f orders/s x %d writes / %.0f writes/s = %.3f%n",
          max.ordersPerSecond, WRITES_PER_ORDER, rawWrites, share);
      System.out.printf("orders/s=%.0f limit-share=%.3f p95-email-ms=%.0f%n", max.ordersPerSecond, share,
          halfRate.emailMs[percentileIndex(halfRate.emailMs.length, 95)]);
    }
  }

  private static Result run(LocalSystem system, String table, String queue, Tracker tracker, int orders, int concurrency,
      double ratePerSecond) throws Exception {
    int emailsBefore = system.emails().size();
    Map<String, Long> sent = new ConcurrentHashMap<>();
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < orders; i++) {
      long due = ratePerSecond > 0 ? start + (long) (i * 1e9 / ratePerSecond) : 0;
      senders.execute(() -> {
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        ObjectNode order = JSON.createObjectNode();
        String id = "bench-" + UUID.randomUUID();
        order.put("id", id);
        order.put("customerId", "bench");
        order.put("name", "Margherita");
        order.put("quantity", 1 + (int) (next.incrementAndGet() % 5));
        order.put("restaurantId", "Dominos Pizza");
        order.put("createdAt", Instant.now().toString());
        sent.put(id, System.nanoTime());
        placeOrder(system, table, queue, order);
      });
    }
    senders.shutdown();
    senders.awaitTermination(10, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (tracker.finals.size() < orders && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    system.awaitQuiet(Duration.ofMinutes(5));
    long end = tracker.finals.values().stream().mapToLong(Long::longValue).max().orElse(System.nanoTime());
    double seconds = (end - start) / 1e9;
    // Email times: the outbox records when each was delivered, on the same machine's clock.
    long offset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
    List<OutboxEntry> emails = system.emails();
    List<Double> emailMs = new ArrayList<>();
    for (OutboxEntry email : emails.subList(emailsBefore, emails.size())) {
      String id = idOf(email.message());
      Long sentAt = id == null ? null : sent.get(id);
      if (sentAt != null) {
        long deliveredNanos = email.at().getEpochSecond() * 1_000_000_000L + email.at().getNano() - offset;
        emailMs.add((deliveredNanos - sentAt) / 1e6);
      }
    }
    List<Double> rowMs = new ArrayList<>();
    sent.forEach((id, at) -> {
      Long done = tracker.finals.get(id);
      if (done != null) {
        rowMs.add((done - at) / 1e6);
      }
    });
    return new Result(orders, tracker.finals.size(), orders / seconds, sorted(rowMs), sorted(emailMs));
  }

  /** As postOrder places an order: its row as PENDING first, then its id on the queue. */
  private static void placeOrder(LocalSystem system, String table, String queue, ObjectNode order) {
    ObjectNode put = JSON.createObjectNode().put("TableName", system.physicalId(table));
    ObjectNode item = put.putObject("Item");
    order.fields().forEachRemaining(field -> item.putObject(field.getKey())
        .put(field.getValue().isNumber() ? "N" : "S", field.getValue().asText()));
    item.putObject("orderStatus").put("S", "PENDING");
    system.tables().call("PutItem", put);
    system.sendMessage(queue, JSON.createObjectNode().put("id", order.get("id").asText()).toString());
  }

  private static double rawConditionalWrites(DynamoDbEngine engine, int threads, int writes) throws Exception {
    ObjectNode create = JSON.createObjectNode().put("TableName", "bench-raw-writes").put("BillingMode", "PAY_PER_REQUEST");
    create.putArray("AttributeDefinitions").addObject().put("AttributeName", "id").put("AttributeType", "S");
    create.putArray("KeySchema").addObject().put("AttributeName", "id").put("KeyType", "HASH");
    engine.call("CreateTable", create);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong counter = new AtomicLong();
    Runnable writer = () -> {
      long i;
      while ((i = counter.getAndIncrement()) < writes) {
        // The workflow's record step: a conditional UpdateItem that creates or refreshes an order.
        ObjectNode update = JSON.createObjectNode().put("TableName", "bench-raw-writes");
        update.putObject("Key").putObject("id").put("S", "order-" + i);
        update.put("UpdateExpression", "SET orderStatus = :pending, quantity = :q");
        update.put("ConditionExpression", "attribute_not_exists(id) OR orderStatus = :pending");
        ObjectNode values = update.putObject("ExpressionAttributeValues");
        values.putObject(":pending").put("S", "PENDING");
        values.putObject(":q").put("N", "2");
        engine.call("UpdateItem", update);
      }
    };
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      pool.execute(writer);
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.MINUTES);
    return writes / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Conditional writes through the path the workflow's DynamoDB tasks take: a Task state on the
   * Step Functions runner (Node.js), handed back to Java and called on the engine in-process.
   */
  private static double workflowPathWrites(DynamoDbEngine engine, int parallel, int writes) throws Exception {
    ObjectNode create = JSON.createObjectNode().put("TableName", "bench-path-writes").put("BillingMode", "PAY_PER_REQUEST");
    create.putArray("AttributeDefinitions").addObject().put("AttributeName", "id").put("AttributeType", "S");
    create.putArray("KeySchema").addObject().put("AttributeName", "id").put("KeyType", "HASH");
    engine.call("CreateTable", create);
    String definition = "{\"StartAt\":\"Record\",\"States\":{\"Record\":{\"Type\":\"Task\","
        + "\"Resource\":\"arn:aws:states:::dynamodb:updateItem\",\"Parameters\":{\"TableName\":\"bench-path-writes\","
        + "\"Key\":{\"id\":{\"S.$\":\"$.id\"}},\"UpdateExpression\":\"SET orderStatus = :pending, quantity = :q\","
        + "\"ConditionExpression\":\"attribute_not_exists(id) OR orderStatus = :pending\","
        + "\"ExpressionAttributeValues\":{\":pending\":{\"S\":\"PENDING\"},\":q\":{\"N\":\"2\"}}},\"End\":true}}}";
    TaskHandler handler = new TaskHandler() {
      @Override
      public boolean supports(String resource) {
        return resource.endsWith(":dynamodb:updateItem");
      }

      @Override
      public JsonNode execute(TaskCall call) {
        return engine.call("UpdateItem", call.input());
      }
    };
    String arn = "arn:aws:states:us-east-1:000000000000:stateMachine:bench-path-writes";
    try (StepFunctionsRunner runner = StepFunctionsRunner.start(handler)) {
      runner.register(arn, definition, StateMachineType.EXPRESS);
      for (int i = 0; i < 200; i++) {
        runner.startSync(arn, null, "{\"id\":\"warm-" + i + "\"}");
      }
      ExecutorService pool = Executors.newFixedThreadPool(parallel);
      AtomicLong counter = new AtomicLong();
      long start = System.nanoTime();
      for (int t = 0; t < parallel; t++) {
        pool.execute(() -> {
          long i;
          while ((i = counter.getAndIncrement()) < writes) {
            try {
              runner.startSync(arn, null, "{\"id\":\"order-" + i + "\"}");
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      return writes / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** The order id of a notifier email, a JSON object with {@code orderId}. */
  private static String idOf(String message) {
    try {
      JsonNode email = new ObjectMapper().readTree(message);
      return email.hasNonNull("orderId") ? email.get("orderId").asText() : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static double[] sorted(List<Double> values) {
    double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(array);
    return array.length == 0 ? new double[] {Double.NaN} : array;
  }

  private static int percentileIndex(int size, int percentile) {
    return Math.min(size - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * size) - 1));
  }

  private static void print(String label, Result result) {
    System.out.printf("%s: %d orders sent, %d final, %.1f orders/s end to end%n", label, result.sent, result.finals,
        result.ordersPerSecond);
    System.out.printf("  send -> final row: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n",
        result.rowMs[percentileIndex(result.rowMs.length, 50)], result.rowMs[percentileIndex(result.rowMs.length, 95)],
        result.rowMs[percentileIndex(result.rowMs.length, 99)]);
    System.out.printf("  send -> email:     p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n",
        result.emailMs[percentileIndex(result.emailMs.length, 50)],
        result.emailMs[percentileIndex(result.emailMs.length, 95)],
        result.emailMs[percentileIndex(result.emailMs.length, 99)]);
  }

  private record Result(int sent, int finals, double ordersPerSecond, double[] rowMs, double[] emailMs) {}

  /** When each order's final row was written, seen on the table's stream. */
  private static final class Tracker {
    final Map<String, Long> finals = new ConcurrentHashMap<>();

    void finalRow(String id) {
      finals.putIfAbsent(id, System.nanoTime());
    }

    void clear() {
      finals.clear();
    }
  }
}
