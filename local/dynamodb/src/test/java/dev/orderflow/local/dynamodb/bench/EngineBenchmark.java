package dev.orderflow.local.dynamodb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table engine's benchmark, run by {@code scripts/bench-dynamodb.sh}; not a test.
 *
 * <p>With no argument it measures everything and prints the figures, the last line being
 * {@code update-ops/s=<n> startup-ms=<n> heap-mb=<n> rss-mb=<n> stream-mb=<n>}:
 * <ul>
 *   <li>PutItem, GetItem and conditional UpdateItem per second with 8 client threads, through
 *       the AWS SDK for Java v2 over HTTP (its Apache 5 client) and in-process through
 *       {@link DynamoDbEngine#call(String, JsonNode)}, with p50 and p99 latency;</li>
 *   <li>start-up: fresh JVMs running the command line on the engine's runtime class path
 *       ({@code bench.runtimeClasspath}), from process start to the first answered request,
 *       against fresh JVMs that only print a line; and, in a fresh JVM, from
 *       {@link DynamoDbEngine#start()} to the first answer;</li>
 *   <li>the heap that 100,000 items of 1 KB take, after a full GC, in a fresh JVM, and what the
 *       records of a NEW_AND_OLD_IMAGES stream of those 100,000 writes add to it;</li>
 *   <li>the resident memory of the command line, with the JVM options of
 *       {@code scripts/local-dynamodb.sh} ({@code bench.engineJvmOptions}), after the same 100,000
 *       items were put into it over HTTP.</li>
 * </ul>
 *
 * <p>The fresh JVMs it starts run the command line ({@code Main}), {@link BareJvm},
 * {@link StartInJvm} and this class with the argument {@code heap}. System properties: {@code bench.warmup} and {@code bench.seconds}
 * (seconds per operation, default 5 and 10), {@code bench.client} (the SDK's HTTP client,
 * {@code apache5} or {@code urlconnection}), {@code bench.runs} (start-up runs, default 9),
 * {@code bench.stream} ({@code true}: the throughput table has a NEW_AND_OLD_IMAGES stream),
 * {@code bench.parts} (default {@code startup,heap,rss,throughput}; the last line is printed only
 * when all four ran).
 */
public final class EngineBenchmark {

  private static final String TABLE = "bench-orders";
  private static final int THREADS = 8;
  private static final int KEYS = 10_000;
  private static final int HEAP_ITEMS = 100_000;
  private static final int ITEM_BYTES = 1024;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "all" : args[0];
    switch (mode) {
      case "heap" -> heap(args.length > 1 && args[1].equals("stream"));
      case "all" -> all();
      default -> {
        System.err.println("usage: EngineBenchmark [all|heap [stream]]");
        System.exit(2);
      }
    }
  }

  // ---------------------------------------------------------------- the whole run

  private static void all() throws Exception {
    int warmup = Integer.getInteger("bench.warmup", 5);
    int seconds = Integer.getInteger("bench.seconds", 10);
    int runs = Integer.getInteger("bench.runs", 9);
    boolean stream = Boolean.getBoolean("bench.stream");
    List<String> parts = List.of(System.getProperty("bench.parts", "startup,heap,rss,throughput").split(","));
    // For the URL-connection client: the JDK keeps at most 5 idle connections per host by default,
    // and 8 client threads need 8.
    System.setProperty("http.maxConnections", "16");
    System.out.printf(Locale.ROOT, "jvm: %s %s, %d processors, max heap %d MiB%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    // Other work on the machine skews every figure: say how busy it was.
    System.out.println("load average at start: " + loadAverage());

    // Start-up first, while nothing else runs in this JVM.
    Startup startup = null;
    if (parts.contains("startup")) {
      startup = startup(runs);
      System.out.printf(Locale.ROOT, "start-up, fresh JVM running the command line to the first answered request,"
          + " median of %d: %d ms (bare JVM printing one line: %d ms, ratio %.2f)%n",
          runs, startup.engineMs, startup.bareMs, (double) startup.engineMs / startup.bareMs);
      System.out.printf(Locale.ROOT, "  the same with a class-data-sharing archive of the engine's classes"
          + " (-XX:SharedArchiveFile): %s%n", startup.cdsMs < 0 ? "no archive was written" : startup.cdsMs + " ms");
      System.out.printf(Locale.ROOT, "start-up in a fresh JVM, median of %d: start() %d ms, start() to the first"
          + " answer over HTTP %d ms; JVM uptime at that answer %d ms, processor time used by then %d ms%n",
          runs, startup.startCallMs, startup.firstAnswerMs, startup.uptimeMs, startup.cpuMs);
    }

    long heapBytes = -1;
    long streamBytes = -1;
    if (parts.contains("heap")) {
      heapBytes = heapInFreshJvm(false);
      long heapStreamBytes = heapInFreshJvm(true);
      streamBytes = heapStreamBytes - heapBytes;
      double data = HEAP_ITEMS * (double) ITEM_BYTES;
      System.out.printf(Locale.ROOT, "heap for %,d items of 1 KB (%.1f MB of item data), after a full GC: %.1f MB"
          + " (%.2f times the data, %,d bytes per item)%n",
          HEAP_ITEMS, data / 1e6, heapBytes / 1e6, heapBytes / data, heapBytes / HEAP_ITEMS);
      System.out.printf(Locale.ROOT, "  the same on a table with a NEW_AND_OLD_IMAGES stream, whose records the"
          + " engine keeps: %.1f MB (%.1f MB for the records)%n", heapStreamBytes / 1e6, streamBytes / 1e6);
    }
    long rssBytes = -1;
    if (parts.contains("rss")) {
      rssBytes = residentAfterLoad();
      System.out.printf(Locale.ROOT, "resident memory of the command line (JVM options: %s) after %,d items of 1 KB"
          + " were put over HTTP: %.1f MB%n", String.join(" ", engineJvmOptions()), HEAP_ITEMS, rssBytes / 1e6);
    }

    Map<String, Result> http = null;
    if (parts.contains("throughput")) {
      Map<String, Result> inProcess;
      try (DynamoDbEngine engine = DynamoDbEngine.start()) {
        createTable(engine, stream);
        preload(engine);
        try (DynamoDbClient client = client(engine.endpoint())) {
          System.out.printf(Locale.ROOT, "throughput, %d client threads, %d s warm-up and %d s measured per"
              + " operation, %,d items of about 200 bytes%s:%n", THREADS, warmup, seconds, KEYS,
              stream ? ", table with a NEW_AND_OLD_IMAGES stream" : "");
          http = run("HTTP (AWS SDK v2, " + clientName() + " client)",
              sdkOperations(client), warmup, seconds);
        }
        inProcess = run("in-process (engine.call)", engineOperations(engine), warmup, seconds);
      }
      for (String operation : http.keySet()) {
        System.out.printf(Locale.ROOT, "in-process / HTTP, %s: %.1f%n", operation,
            inProcess.get(operation).opsPerSecond / http.get(operation).opsPerSecond);
      }
    }
    System.out.println("load average at end: " + loadAverage());
    if (startup == null || heapBytes < 0 || http == null || rssBytes < 0) {
      return;
    }
    // scripts/local-dynamodb.sh starts the engine with its class-data archive: that is the start-up it has.
    long commandLineMs = startup.cdsMs >= 0 ? startup.cdsMs : startup.engineMs;
    System.out.printf(Locale.ROOT, "goals: conditional updates over HTTP >= 5,000/s: %s; start-up of the command line"
        + " (with its class-data archive) <= 300 ms: %s; heap <= 300 MB: %s; resident memory <= 350 MB: %s%n",
        verdict(http.get("UpdateItem").opsPerSecond >= 5000), verdict(commandLineMs <= 300),
        verdict(heapBytes <= 300_000_000L), verdict(rssBytes <= 350_000_000L));
    System.out.printf(Locale.ROOT, "update-ops/s=%d startup-ms=%d heap-mb=%d rss-mb=%d stream-mb=%d%n",
        Math.round(http.get("UpdateItem").opsPerSecond), commandLineMs, Math.round(heapBytes / 1e6),
        Math.round(rssBytes / 1e6), Math.round(streamBytes / 1e6));
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  // ---------------------------------------------------------------- throughput

  /** One request of one operation; the thread's random source picks the key. */
  @FunctionalInterface
  private interface Operation {
    void call(ThreadLocalRandom random) throws Exception;
  }

  /**
   * One measured operation. Processor time is counted too, because it does not depend on what else
   * the machine runs: all of this JVM's per request, and the client threads' part of it (the rest
   * is the engine, its HTTP server, the collector and the compilers).
   */
  private record Result(long operations, double opsPerSecond, double p50Ms, double p99Ms, double cpuMicros,
      double clientCpuMicros) {}

  private static Map<String, Operation> sdkOperations(DynamoDbClient client) {
    Map<String, AttributeValue> updateValues = Map.of(":one", AttributeValue.fromN("1"),
        ":pending", AttributeValue.fromS("PENDING"), ":now", AttributeValue.fromS("2026-11-25T10:00:00Z"));
    return Map.of(
        "PutItem", random -> client.putItem(request -> request.tableName(TABLE)
            .item(sdkItem(orderId(random.nextInt(KEYS))))),
        "GetItem", random -> {
          String id = orderId(random.nextInt(KEYS));
          if (!client.getItem(request -> request.tableName(TABLE)
              .key(Map.of("id", AttributeValue.fromS(id)))).hasItem()) {
            throw new IllegalStateException("GetItem found no item " + id);
          }
        },
        "UpdateItem", random -> client.updateItem(request -> request.tableName(TABLE)
            .key(Map.of("id", AttributeValue.fromS(orderId(random.nextInt(KEYS)))))
            .updateExpression("SET quantity = quantity + :one, updatedAt = :now")
            .conditionExpression("orderStatus = :pending")
            .expressionAttributeValues(updateValues)));
  }

  private static Map<String, Operation> engineOperations(DynamoDbEngine engine) {
    return Map.of(
        "PutItem", random -> {
          ObjectNode request = JSON.objectNode().put("TableName", TABLE);
          request.set("Item", jsonItem(orderId(random.nextInt(KEYS))));
          engine.call("PutItem", request);
        },
        "GetItem", random -> {
          ObjectNode request = JSON.objectNode().put("TableName", TABLE);
          request.putObject("Key").putObject("id").put("S", orderId(random.nextInt(KEYS)));
          if (!engine.call("GetItem", request).has("Item")) {
            throw new IllegalStateException("GetItem found no item");
          }
        },
        "UpdateItem", random -> {
          ObjectNode request = JSON.objectNode().put("TableName", TABLE);
          request.putObject("Key").putObject("id").put("S", orderId(random.nextInt(KEYS)));
          request.put("UpdateExpression", "SET quantity = quantity + :one, updatedAt = :now");
          request.put("ConditionExpression", "orderStatus = :pending");
          ObjectNode values = request.putObject("ExpressionAttributeValues");
          values.putObject(":one").put("N", "1");
          values.putObject(":pending").put("S", "PENDING");
          values.putObject(":now").put("S", "2026-11-25T10:00:00Z");
          engine.call("UpdateItem", request);
        });
  }

  private static Map<String, Result> run(String title, Map<String, Operation> operations, int warmup, int seconds)
      throws InterruptedException {
    System.out.println("  " + title);
    Map<String, Result> results = new LinkedHashMap<>();
    List<String> names = List.of("PutItem", "GetItem", "UpdateItem");
    // Every operation warms up before any is measured: they share most of their code, and the
    // first one measured would otherwise pay for compiling it.
    for (String name : names) {
      measure(operations.get(name), Duration.ofSeconds(warmup));
    }
    for (String name : names) {
      Result result = measure(operations.get(name), Duration.ofSeconds(seconds));
      results.put(name, result);
      System.out.printf(Locale.ROOT, "    %-10s %,9.0f ops/s   p50 %7.3f ms   p99 %7.3f ms   (%,d requests);"
          + " CPU per request %,.1f us, of which client threads %,.1f us%n",
          name, result.opsPerSecond, result.p50Ms, result.p99Ms, result.operations, result.cpuMicros,
          result.clientCpuMicros);
    }
    return results;
  }

  /**
   * Runs the operation on {@link #THREADS} threads for the given time; fails on the first error.
   * Every latency is kept, so the percentiles are exact.
   */
  private static Result measure(Operation operation, Duration duration) throws InterruptedException {
    List<Latencies> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    LongAdder clientCpu = new LongAdder();
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    for (int t = 0; t < THREADS; t++) {
      Latencies own = new Latencies();
      latencies.add(own);
      Thread thread = new Thread(() -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ready.countDown();
        try {
          go.await();
          long cpuBefore = threadBean.getCurrentThreadCpuTime();
          long end = window[0] + duration.toNanos();
          long now = System.nanoTime();
          while (now < end && failure.get() == null) {
            operation.call(random);
            long after = System.nanoTime();
            own.add(after - now);
            now = after;
          }
          clientCpu.add(threadBean.getCurrentThreadCpuTime() - cpuBefore);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-client-" + t);
      threads.add(thread);
      thread.start();
    }
    ready.await();
    long processCpuBefore = processCpuNanos();
    window[0] = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    window[1] = System.nanoTime();
    long processCpu = processCpuNanos() - processCpuBefore;
    if (failure.get() != null) {
      throw new IllegalStateException("A request failed during the benchmark", failure.get());
    }
    int count = latencies.stream().mapToInt(own -> own.size).sum();
    long[] all = new long[count];
    int at = 0;
    for (Latencies own : latencies) {
      System.arraycopy(own.nanos, 0, all, at, own.size);
      at += own.size;
    }
    Arrays.sort(all);
    double elapsed = (window[1] - window[0]) / 1e9;
    return new Result(count, count / elapsed, percentile(all, 50) / 1e6, percentile(all, 99) / 1e6,
        processCpu / 1e3 / count, clientCpu.sum() / 1e3 / count);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The value below which the given percent of the sorted values lie (nearest rank). */
  private static long percentile(long[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** One thread's latencies in nanoseconds, in a growing array. */
  private static final class Latencies {
    long[] nanos = new long[1 << 16];
    int size;

    void add(long value) {
      if (size == nanos.length) {
        nanos = Arrays.copyOf(nanos, size * 2);
      }
      nanos[size++] = value;
    }
  }

  /**
   * The SDK's HTTP client, {@code bench.client}: {@code apache5} (the default; it spends about a
   * third less processor time per request here) or {@code urlconnection}.
   */
  private static SdkHttpClient.Builder<?> httpClient() {
    String name = clientName();
    switch (name) {
      case "apache5":
        return Apache5HttpClient.builder().maxConnections(THREADS);
      case "urlconnection":
        return UrlConnectionHttpClient.builder();
      default:
        throw new IllegalArgumentException("bench.client must be apache5 or urlconnection, but " + name
            + " was given");
    }
  }

  private static String clientName() {
    return System.getProperty("bench.client", "apache5");
  }

  private static DynamoDbClient client(URI endpoint) {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAEXAMPLE", "secret")))
        .httpClientBuilder(httpClient())
        // A retried request would hide an error and skew the latency.
        .overrideConfiguration(configuration -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  private static void createTable(DynamoDbEngine engine, boolean stream) throws IOException {
    ObjectNode request = (ObjectNode) MAPPER.readTree("""
        {"TableName": "%s", "BillingMode": "PAY_PER_REQUEST",
         "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
         "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}""".formatted(TABLE));
    if (stream) {
      request.putObject("StreamSpecification").put("StreamEnabled", true)
          .put("StreamViewType", "NEW_AND_OLD_IMAGES");
    }
    engine.call("CreateTable", request);
  }

  private static void preload(DynamoDbEngine engine) {
    for (int i = 0; i < KEYS; i++) {
      ObjectNode request = JSON.objectNode().put("TableName", TABLE);
      request.set("Item", jsonItem(orderId(i)));
      engine.call("PutItem", request);
    }
  }

  private static String orderId(int n) {
    return String.format(Locale.ROOT, "order-%08d", n);
  }

  /** An order as the order table holds it, about 200 bytes. */
  private static Map<String, AttributeValue> sdkItem(String id) {
    return Map.of(
        "id", AttributeValue.fromS(id),
        "customerId", AttributeValue.fromS("customer-0042"),
        "name", AttributeValue.fromS("Margherita, large, extra basil"),
        "quantity", AttributeValue.fromN("2"),
        "restaurantId", AttributeValue.fromS("restaurant-0007"),
        "orderStatus", AttributeValue.fromS("PENDING"),
        "createdAt", AttributeValue.fromS("2026-11-25T09:59:59.123Z"),
        "updatedAt", AttributeValue.fromS("2026-11-25T09:59:59.123Z"));
  }

  private static ObjectNode jsonItem(String id) {
    ObjectNode item = JSON.objectNode();
    item.putObject("id").put("S", id);
    item.putObject("customerId").put("S", "customer-0042");
    item.putObject("name").put("S", "Margherita, large, extra basil");
    item.putObject("quantity").put("N", "2");
    item.putObject("restaurantId").put("S", "restaurant-0007");
    item.putObject("orderStatus").put("S", "PENDING");
    item.putObject("createdAt").put("S", "2026-11-25T09:59:59.123Z");
    item.putObject("updatedAt").put("S", "2026-11-25T09:59:59.123Z");
    return item;
  }

  // ---------------------------------------------------------------- start-up

  private record Startup(long engineMs, long bareMs, long cdsMs, long startCallMs, long firstAnswerMs,
      long uptimeMs, long cpuMs) {}

  private static Startup startup(int runs) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // The command line runs on the engine's jar and its runtime dependencies only, as
    // scripts/local-dynamodb.sh runs it; the probes add the folder of this class.
    String runtime = System.getProperty("bench.runtimeClasspath");
    if (runtime == null) {
      throw new IllegalStateException("bench.runtimeClasspath is not set: run scripts/bench-dynamodb.sh");
    }
    String probes = Path.of(EngineBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    List<String> engineCommand = engineCommand(java, runtime);
    List<String> bareCommand = List.of(java, "-cp", probes, BareJvm.class.getName());
    List<String> inJvmCommand = List.of(java, "-cp", probes + File.pathSeparator + runtime,
        StartInJvm.class.getName());
    // What a class-data-sharing archive of the engine's classes would give the command line: the
    // archive is written by one run (classes of start-up and of a first request), then used.
    Path archive = Files.createTempDirectory("engine-cds").resolve("engine.jsa");
    List<String> archiveCommand = engineCommand(java, runtime, "-XX:ArchiveClassesAtExit=" + archive);
    List<String> cdsCommand = engineCommand(java, runtime, "-XX:SharedArchiveFile=" + archive);
    timeToFirstAnswer(archiveCommand, true);
    boolean cds = Files.isRegularFile(archive);
    // One run of each first, to fill the file cache; then they alternate.
    timeToFirstAnswer(engineCommand, true);
    timeToFirstAnswer(bareCommand, false);
    long[] engine = new long[runs];
    long[] bare = new long[runs];
    long[] withCds = new long[runs];
    long[] startCall = new long[runs];
    long[] firstAnswer = new long[runs];
    long[] uptime = new long[runs];
    long[] cpu = new long[runs];
    for (int i = 0; i < runs; i++) {
      bare[i] = timeToFirstAnswer(bareCommand, false);
      engine[i] = timeToFirstAnswer(engineCommand, true);
      withCds[i] = cds ? timeToFirstAnswer(cdsCommand, true) : -1;
      Map<String, Long> figures = figures(outputOf(inJvmCommand));
      startCall[i] = figures.get("start-ms");
      firstAnswer[i] = figures.get("first-answer-ms");
      uptime[i] = figures.get("uptime-ms");
      cpu[i] = figures.get("cpu-ms");
    }
    Files.deleteIfExists(archive);
    Files.deleteIfExists(archive.getParent());
    return new Startup(median(engine), median(bare), median(withCds), median(startCall), median(firstAnswer),
        median(uptime), median(cpu));
  }

  /**
   * Milliseconds from starting the process to its first line (bare) or to the answer of a
   * ListTables request sent to the URL in that line (the engine's command line).
   */
  private static long timeToFirstAnswer(List<String> command, boolean ask) throws Exception {
    long started = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = output.readLine();
      if (line == null) {
        throw new IllegalStateException("No line from " + command);
      }
      if (ask) {
        StartInJvm.listTables(URI.create(line));
      }
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("The process did not end within 10 s of SIGTERM: " + command);
      }
    }
  }

  /** The command line as scripts/local-dynamodb.sh runs it: its JVM options, then any given here. */
  private static List<String> engineCommand(String java, String runtime, String... options) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(engineJvmOptions());
    command.addAll(List.of(options));
    command.addAll(List.of("-cp", runtime, "dev.orderflow.local.dynamodb.Main"));
    return command;
  }

  /** The JVM options of scripts/local-dynamodb.sh, which scripts/bench-dynamodb.sh passes on. */
  private static List<String> engineJvmOptions() {
    String options = System.getProperty("bench.engineJvmOptions", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  // ---------------------------------------------------------------- resident memory

  /**
   * Starts the command line as scripts/local-dynamodb.sh does, puts 100,000 items of 1 KB into it
   * over HTTP, and reads its resident set size from /proc.
   */
  private static long residentAfterLoad() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String runtime = System.getProperty("bench.runtimeClasspath");
    if (runtime == null) {
      throw new IllegalStateException("bench.runtimeClasspath is not set: run scripts/bench-dynamodb.sh");
    }
    Process process = new ProcessBuilder(engineCommand(javaBin, runtime)).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      URI endpoint = URI.create(output.readLine());
      java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
          .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
      post(http, endpoint, "CreateTable", "{\"TableName\": \"" + TABLE + "\", \"BillingMode\": \"PAY_PER_REQUEST\", "
          + "\"AttributeDefinitions\": [{\"AttributeName\": \"id\", \"AttributeType\": \"S\"}], "
          + "\"KeySchema\": [{\"AttributeName\": \"id\", \"KeyType\": \"HASH\"}]}");
      List<Thread> loaders = new ArrayList<>();
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        Thread loader = new Thread(() -> {
          Random random = new Random(42 + first);
          try {
            for (int i = first; i < HEAP_ITEMS; i += THREADS) {
              ObjectNode request = JSON.objectNode().put("TableName", TABLE);
              request.set("Item", heapItem(i, random));
              post(http, endpoint, "PutItem", request.toString());
            }
          } catch (Exception e) {
            failure.compareAndSet(null, e);
          }
        });
        loader.start();
        loaders.add(loader);
      }
      for (Thread loader : loaders) {
        loader.join();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      // Let the engine settle after the load before reading its size.
      Thread.sleep(2000);
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS in /proc/" + process.pid() + "/status");
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Posts one request, sent again (at most twice) when the JDK's client fails it with an
   * {@link IOException} before any answer, as the AWS SDKs retry such failures. Now and then,
   * under this load, the JDK's HTTP/1.1 client (17 and 25 alike) closes an idle pooled connection
   * itself just as a thread takes it ("HTTP/1.1 header parser received no bytes", caused by
   * "connection closed locally"): a packet capture of such a run showed the engine's complete
   * answer on that connection, then the client's FIN, with nothing sent by the engine in between.
   * PutItem of the same item is idempotent, so sending it again changes no figure.
   */
  private static void post(java.net.http.HttpClient http, URI endpoint, String operation, String body) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        postOnce(http, endpoint, operation, body);
        return;
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static void postOnce(java.net.http.HttpClient http, URI endpoint, String operation, String body)
      throws Exception {
    java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, "
            + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000")
        .header("X-Amz-Date", "20240101T000000Z")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  // ---------------------------------------------------------------- heap

  private static long heapInFreshJvm(boolean stream) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xms2g", "-Xmx2g", "-XX:+UseG1GC",
        "-cp", System.getProperty("java.class.path"), EngineBenchmark.class.getName(), "heap"));
    if (stream) {
      command.add("stream");
    }
    return figures(outputOf(command)).get("heap-bytes");
  }

  /**
   * In a fresh JVM: the heap after a full GC with the engine started and the table created, then
   * after 100,000 items of 1 KB were put; prints the difference.
   */
  private static void heap(boolean stream) throws IOException {
    DynamoDbEngine engine = DynamoDbEngine.start();
    createTable(engine, stream);
    ObjectNode probe = heapItem(0, new Random(1));
    // Check the item size on the engine's own count: 1 KB is one write unit, a byte more is two.
    if (writeUnits(engine, probe) != 1.0) {
      throw new IllegalStateException("A benchmark item is over 1 KB: " + probe);
    }
    ObjectNode bigger = probe.deepCopy();
    ((ObjectNode) bigger.get("payload")).put("S", bigger.get("payload").get("S").asText() + "x");
    if (writeUnits(engine, bigger) != 2.0) {
      throw new IllegalStateException("A benchmark item is under 1 KB: " + probe);
    }
    long baseline = usedAfterGc();
    Random random = new Random(42);
    for (int i = 0; i < HEAP_ITEMS; i++) {
      ObjectNode request = JSON.objectNode().put("TableName", TABLE);
      request.set("Item", heapItem(i, random));
      engine.call("PutItem", request);
    }
    long used = usedAfterGc();
    ObjectNode describe = JSON.objectNode().put("TableName", TABLE);
    long items = engine.call("DescribeTable", describe).get("Table").get("ItemCount").asLong();
    if (items != HEAP_ITEMS) {
      throw new IllegalStateException("The table holds " + items + " items, not " + HEAP_ITEMS);
    }
    System.out.println("heap-bytes=" + (used - baseline));
    Reference.reachabilityFence(engine);
    engine.close();
  }

  private static double writeUnits(DynamoDbEngine engine, ObjectNode item) {
    ObjectNode request = JSON.objectNode().put("TableName", TABLE).put("ReturnConsumedCapacity", "TOTAL");
    request.set("Item", item);
    double units = engine.call("PutItem", request).get("ConsumedCapacity").get("CapacityUnits").asDouble();
    ObjectNode delete = JSON.objectNode().put("TableName", TABLE);
    delete.putObject("Key").set("id", item.get("id"));
    engine.call("DeleteItem", delete);
    return units;
  }

  /**
   * An item of exactly 1,024 bytes as DynamoDB counts them (attribute names plus values): a few
   * order attributes and a payload of random letters, a fresh string per item.
   */
  private static ObjectNode heapItem(int n, Random random) {
    ObjectNode item = JSON.objectNode();
    String id = String.format(Locale.ROOT, "item-%08d", n);
    item.putObject("id").put("S", id);
    item.putObject("customerId").put("S", "customer-0042");
    item.putObject("quantity").put("N", "12");
    item.putObject("createdAt").put("S", "2026-11-25T09:59:59.123Z");
    // Numbers count one byte per two significant digits plus one: "12" is 2 bytes.
    int fixed = ("id".length() + id.length()) + ("customerId".length() + "customer-0042".length())
        + ("quantity".length() + 2) + ("createdAt".length() + 24) + "payload".length();
    char[] payload = new char[ITEM_BYTES - fixed];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (char) ('a' + random.nextInt(26));
    }
    item.putObject("payload").put("S", new String(payload));
    return item;
  }

  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    // Several collections, until the figure settles: finalisation and reference processing can
    // free more on a second pass.
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---------------------------------------------------------------- helpers

  /** Runs a fresh JVM to its end and returns its last line of output. */
  private static String outputOf(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String output;
    try (InputStream in = process.getInputStream()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      output = bytes.toString(StandardCharsets.UTF_8).strip();
    }
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("Failed: " + command + "\n" + output);
    }
    String[] lines = output.split("\n");
    return lines[lines.length - 1];
  }

  /** The 1, 5 and 15 minute load averages, where the system tells them. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Reads {@code name=number} pairs separated by spaces. */
  private static Map<String, Long> figures(String line) {
    Map<String, Long> figures = new HashMap<>();
    for (String pair : line.trim().split("\\s+")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        figures.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
      }
    }
    return figures;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
