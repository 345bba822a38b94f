package dev.orderflow.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.PhysicalNames;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.lambda.internal.ContextFactory;
import dev.orderflow.local.lambda.internal.FunctionClassLoader;
import dev.orderflow.local.lambda.internal.HandlerInvoker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The Java Lambda functions of a stack, run in this JVM.
 *
 * <p>Each function runs from its deployment package in the cloud assembly (a zip, or the folder
 * CDK left unzipped), in its own class loader: the package's root and {@code lib/*.jar} over the
 * platform class loader, so our class path does not leak in; the Lambda core types come from here
 * only when the package does not bundle them. Its environment variables are its own: every class
 * the loader defines has its {@code System.getenv} calls rewritten (ASM) to read that function's
 * map, so two functions in one JVM each see their own values, and the JVM's real environment is not
 * visible to them. Lambda's own variables ({@code AWS_REGION}, {@code AWS_LAMBDA_FUNCTION_NAME},
 * {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, ...) are set as Lambda sets them.
 *
 * <p>The first invocation of a function is its cold start: the package is unpacked, the class
 * loader made and the handler instantiated; later invocations reuse them, several at a time if
 * they come at once (one handler instance serves them all, unlike Lambda's one invocation per
 * execution environment). A function that throws answers Lambda's error payload
 * {@code {errorMessage, errorType, stackTrace}}; one that runs past its {@code Timeout} answers
 * {@code errorType} {@link LambdaFunctionException#TIMEOUT_ERROR_TYPE} and its instance is
 * discarded, so the next invocation is a cold start, as after Lambda resets a sandbox. The memory
 * size is reported to the function, not enforced.
 */
public final class LambdaFunctions implements AutoCloseable {

  /** The type this service runs. */
  public static final String FUNCTION_TYPE = "AWS::Lambda::Function";

  /** Properties that change nothing locally, accepted as they are. */
  private static final Set<String> ACCEPTED = Set.of("Code", "Handler", "Runtime", "Environment", "MemorySize",
      "Timeout", "FunctionName", "Role", "Description", "Architectures", "TracingConfig", "LoggingConfig", "Tags",
      "KmsKeyArn", "ReservedConcurrentExecutions", "EphemeralStorage", "SnapStart", "RuntimeManagementConfig",
      "DeadLetterConfig", "PackageType", "CodeSigningConfigArn", "VpcConfig", "RecursiveLoop");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DEFAULT_MEMORY_MB = 128;
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  private final Map<String, Function> byLogicalId = new LinkedHashMap<>();
  private volatile dev.orderflow.local.bill.Meter meter = new dev.orderflow.local.bill.Meter();
  private final Map<String, String> extraEnvironment;
  private final String region;
  private volatile BiConsumer<String, String> logListener = (function, line) -> { };
  private volatile boolean closed;

  private LambdaFunctions(Map<String, String> extraEnvironment, String region) {
    this.extraEnvironment = Map.copyOf(extraEnvironment);
    this.region = region;
  }

  /**
   * Reads every {@code AWS::Lambda::Function} the stack creates, checks it can run here, and
   * registers its name ({@code Ref}) and {@code Arn}. Nothing is loaded until the first invocation.
   *
   * <p>The environment variables are resolved again at each function's cold start, so that they
   * give the values of resources that services registered after this call.
   *
   * @param resolver the stack's resolver
   * @param registry the stack's registry
   * @param extraEnvironment variables added to every function's environment (e.g.
   *     {@code AWS_ENDPOINT_URL_DYNAMODB} pointing at a local engine); the template's win
   * @return the functions
   * @throws AssemblyException naming the logical id and property of a function that cannot run
   *     here: a runtime other than Java, layers, container images, inline code, a missing asset
   */
  public static LambdaFunctions create(TemplateResolver resolver, ReferenceRegistry registry,
      Map<String, String> extraEnvironment) {
    LambdaFunctions functions = new LambdaFunctions(extraEnvironment, resolver.environment().region());
    List<String> problems = new ArrayList<>();
    for (Resource r : resolver.createdResources()) {
      if (!r.type().equals(FUNCTION_TYPE)) {
        continue;
      }
      try {
        FunctionConfig config = read(resolver, r);
        registry.register(r.logicalId(), config.functionName(), Map.of("Arn", config.functionArn()));
        functions.byLogicalId.put(r.logicalId(), functions.new Function(config, resolver));
      } catch (AssemblyException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new AssemblyException(String.join("\n", problems));
    }
    return functions;
  }

  /**
   * Functions given directly, outside any template (their environment is taken as given).
   *
   * @param configs the functions
   * @param region the region their {@code AWS_REGION} gives
   * @return the functions
   */
  public static LambdaFunctions of(List<FunctionConfig> configs, String region) {
    LambdaFunctions functions = new LambdaFunctions(Map.of(), region);
    for (FunctionConfig c : configs) {
      functions.byLogicalId.put(c.logicalId(), functions.new Function(c, null));
    }
    return functions;
  }

  private static FunctionConfig read(TemplateResolver resolver, Resource r) {
    String id = r.logicalId();
    for (Iterator<String> it = r.properties().fieldNames(); it.hasNext(); ) {
      String property = it.next();
      if (!ACCEPTED.contains(property)) {
        throw new AssemblyException(id + "." + property + " is not supported locally (" + describe(property)
            + "); supported properties of " + FUNCTION_TYPE + " are " + ACCEPTED.stream().sorted().toList());
      }
    }
    String packageType = resolver.property(id, "PackageType").asText("Zip");
    if (!packageType.equals("Zip")) {
      throw new AssemblyException(id + ".PackageType is " + packageType + ": only Zip packages run locally");
    }
    JsonNode runtime = resolver.property(id, "Runtime");
    if (!runtime.asText("").startsWith("java")) {
      throw new AssemblyException(id + ".Runtime is " + (runtime.isMissingNode() ? "not set" : runtime.asText())
          + ": only Java runtimes (java8.al2, java11, java17, java21, java25 ...) run locally");
    }
    JsonNode code = resolver.property(id, "Code");
    if (code.has("ZipFile") || code.has("ImageUri")) {
      throw new AssemblyException(id + ".Code has " + (code.has("ZipFile") ? "ZipFile" : "ImageUri")
          + ": only code in an S3 asset of the cloud assembly (S3Bucket, S3Key) runs locally");
    }
    Path codePath = resolver.template().asset(id, "Code", code);
    JsonNode handler = resolver.property(id, "Handler");
    if (!handler.isTextual() || handler.asText().isBlank()) {
      throw new AssemblyException(id + ".Handler must name the handler, e.g. com.example.Handler::handleRequest");
    }
    JsonNode nameNode = resolver.property(id, "FunctionName");
    String name = nameNode.isTextual() ? nameNode.asText()
        : PhysicalNames.generate(resolver.template().stackName(), id, 64);
    String arn = resolver.environment().arn("lambda", "function:" + name);
    int memory = resolver.property(id, "MemorySize").asInt(DEFAULT_MEMORY_MB);
    JsonNode timeoutNode = resolver.property(id, "Timeout");
    Duration timeout = timeoutNode.isMissingNode() ? DEFAULT_TIMEOUT : Duration.ofSeconds(timeoutNode.asLong());
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
      throw new AssemblyException(id + ".Timeout must be 1 to 900 seconds, but was " + timeoutNode);
    }
    return new FunctionConfig(id, name, arn, runtime.asText(), handler.asText(), codePath, memory, timeout,
        environment(resolver, id));
  }

  /**
   * Counts every invocation from now on into this meter: a request, and its duration at the
   * function's memory.
   *
   * @param meter the bill's meter
   */
  public void meter(dev.orderflow.local.bill.Meter meter) {
    this.meter = meter;
  }

  private static String describe(String property) {
    switch (property) {
      case "Layers":
        return "layers are not part of the deployment package; bundle their jars under lib/ instead";
      case "FileSystemConfigs":
        return "EFS mounts are not emulated";
      case "ImageConfig":
        return "container images are not run";
      default:
        return "its effect is not emulated";
    }
  }

  private static Map<String, String> environment(TemplateResolver resolver, String id) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode vars = resolver.property(id, "Environment").path("Variables");
    vars.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  /**
   * Sends every line the functions log through {@code Context.getLogger()} to a listener.
   *
   * @param listener takes the function's name and the line
   */
  public void onLog(BiConsumer<String, String> listener) {
    this.logListener = listener;
  }

  /**
   * The logical ids of the functions.
   *
   * @return the logical ids, in template order
   */
  public Set<String> logicalIds() {
    return byLogicalId.keySet();
  }

  /**
   * A function's configuration.
   *
   * @param function its logical id, name or ARN
   * @return the configuration
   * @throws IllegalArgumentException naming the functions there are when none matches
   */
  public FunctionConfig function(String function) {
    return find(function).config;
  }

  /**
   * Invokes a function synchronously, as Lambda's {@code RequestResponse} invocation does.
   *
   * @param function the function's logical id, name or ARN (a version or alias qualifier is ignored)
   * @param payload the event, JSON bytes
   * @return the response; when the function failed, {@code functionError} is set and the payload is
   *     the error object
   */
  public InvokeResult invoke(String function, byte[] payload) {
    if (closed) {
      throw new IllegalStateException("the Lambda functions are closed");
    }
    return find(function).invoke(payload);
  }

  /**
   * Invokes a function with a JSON event and answers its JSON response.
   *
   * @param function the function's logical id, name or ARN
   * @param payload the event
   * @return the response
   * @throws LambdaFunctionException with Lambda's error payload when the function threw or timed out
   */
  public JsonNode invoke(String function, JsonNode payload) {
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Function f = find(function);
    InvokeResult result = invoke(function, bytes);
    if (result.failed()) {
      throw new LambdaFunctionException(f.config.functionName(), result.json());
    }
    return result.json();
  }

  private Function find(String function) {
    Function f = byLogicalId.get(function);
    if (f != null) {
      return f;
    }
    String name = function;
    if (name.startsWith("arn:")) {
      String[] parts = name.split(":");
      name = parts.length >= 7 ? parts[6] : name; // arn:aws:lambda:region:account:function:name[:qualifier]
    } else if (name.contains(":")) {
      name = name.substring(0, name.indexOf(':'));
    }
    for (Function candidate : byLogicalId.values()) {
      if (candidate.config.functionName().equals(name)) {
        return candidate;
      }
    }
    List<String> known = new ArrayList<>();
    byLogicalId.values().forEach(c -> known.add(c.config.logicalId() + " (" + c.config.functionName() + ")"));
    throw new IllegalArgumentException("no Lambda function '" + function + "'; the functions are " + known);
  }

  /** Stops every function: their threads, class loaders and unpacked packages. */
  @Override
  public void close() {
    closed = true;
    for (Function f : byLogicalId.values()) {
      f.close();
    }
  }

  // --- one function ---

  private final class Function {

    private final FunctionConfig config;
    private final TemplateResolver resolver;
    private final ExecutorService executor;
    private final List<FunctionClassLoader> retired = new ArrayList<>();
    private final String logStream;
    private final boolean arm64;
    private volatile Instance instance;
    private Path taskRoot;
    private Path unpacked;

    Function(FunctionConfig config, TemplateResolver resolver) {
      this.config = config;
      this.resolver = resolver;
      JsonNode architectures = resolver == null ? null : resolver.property(config.logicalId(), "Architectures");
      this.arm64 = architectures != null && architectures.toString().contains("arm64");
      this.logStream = LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/') + "/[$LATEST]"
          + UUID.randomUUID().toString().replace("-", "");
      AtomicInteger count = new AtomicInteger();
      ThreadFactory threads = r -> {
        Thread t = new Thread(r, "lambda-" + config.functionName() + "-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
      this.executor = Executors.newCachedThreadPool(threads);
    }

    InvokeResult invoke(byte[] payload) {
      String requestId = UUID.randomUUID().toString();
      long deadline = System.nanoTime() + config.timeout().toNanos();
      StringBuilder log = new StringBuilder();
      Future<byte[]> future = executor.submit(() -> {
        long started = System.nanoTime();
        try {
          return run(requestId, deadline, log, payload);
        } catch (Exception e) {
          throw e;
        } catch (Throwable t) {
          throw new Thrown(t); // an Error of the function, e.g. StackOverflowError: reported like an exception
        } finally {
          // Billed as Lambda bills it: the handler's time (a cold start's set-up included), at its memory.
          meter.lambdaInvoked(config.functionName(), System.nanoTime() - started, config.memorySizeMb(), arm64);
        }
      });
      try {
        byte[] out = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return new InvokeResult(requestId, out, Optional.empty(), logText(log));
      } catch (TimeoutException | CancellationException e) {
        future.cancel(true);
        discardInstance();
        ObjectNode error = MAPPER.createObjectNode();
        error.put("errorType", LambdaFunctionException.TIMEOUT_ERROR_TYPE);
        error.put("errorMessage", String.format(Locale.ROOT, "RequestId: %s Error: Task timed out after %.2f seconds",
            requestId, config.timeout().toMillis() / 1000.0));
        return failure(requestId, error, log);
      } catch (ExecutionException e) {
        Throwable thrown = e.getCause() instanceof Thrown ? e.getCause().getCause() : e.getCause();
        return failure(requestId, errorObject(thrown), log);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while " + config.functionName() + " ran", e);
      }
    }

    private byte[] run(String requestId, long deadline, StringBuilder log, byte[] payload) throws Throwable {
      Instance current = instance();
      Thread.currentThread().setContextClassLoader(current.loader);
      Object context = current.contexts.context(new ContextFactory.Values(requestId, config.functionName(),
          config.functionArn(), config.memorySizeMb(), "/aws/lambda/" + config.functionName(), logStream,
          () -> TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()),
          line -> {
            synchronized (log) {
              log.append(line);
            }
            logListener.accept(config.functionName(), line);
          }));
      return current.invoker.invoke(payload, context);
    }

    private InvokeResult failure(String requestId, ObjectNode error, StringBuilder log) {
      try {
        return new InvokeResult(requestId, MAPPER.writeValueAsBytes(error), Optional.of("Unhandled"), logText(log));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String logText(StringBuilder log) {
      synchronized (log) {
        return log.toString();
      }
    }

    private Instance instance() throws Throwable {
      Instance current = instance;
      if (current != null) {
        return current;
      }
      synchronized (this) {
        if (instance == null) {
          instance = coldStart();
        }
        return instance;
      }
    }

    private Instance coldStart() throws Throwable {
      if (taskRoot == null) {
        taskRoot = unpack();
      }
      Map<String, String> env = new LinkedHashMap<>(extraEnvironment);
      // Resolved now rather than at create: by the first invocation, every service has registered.
      env.putAll(resolver == null ? config.environment() : environment(resolver, config.logicalId()));
      env.putAll(lambdaVariables());
      FunctionClassLoader loader = FunctionClassLoader.create(config.functionName(), taskRoot,
          LambdaFunctions.class.getClassLoader(), env);
      try {
        ContextFactory contexts = new ContextFactory(loader);
        HandlerInvoker invoker = HandlerInvoker.load(loader, config.handler());
        return new Instance(loader, invoker, contexts);
      } catch (Throwable t) {
        closeQuietly(loader);
        throw t;
      }
    }

    private Map<String, String> lambdaVariables() {
      Map<String, String> v = new LinkedHashMap<>();
      v.put("AWS_REGION", region);
      v.put("AWS_DEFAULT_REGION", region);
      v.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
      v.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySizeMb()));
      v.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
      v.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName());
      v.put("AWS_LAMBDA_LOG_STREAM_NAME", logStream);
      v.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
      v.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + config.runtime());
      v.put("_HANDLER", config.handler());
      v.put("LAMBDA_TASK_ROOT", taskRoot.toString());
      v.put("TZ", ":UTC");
      v.put("LANG", "en_US.UTF-8");
      // Placeholder credentials, so that AWS SDK clients in the function start; nothing checks them.
      v.put("AWS_ACCESS_KEY_ID", "local");
      v.put("AWS_SECRET_ACCESS_KEY", "local");
      v.put("AWS_SESSION_TOKEN", "local");
      return v;
    }

    private Path unpack() throws IOException {
      if (Files.isDirectory(config.code())) {
        return config.code();
      }
      unpacked = Files.createTempDirectory("orderflow-lambda-");
      try (InputStream in = Files.newInputStream(config.code()); ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
          Path target = unpacked.resolve(entry.getName()).normalize();
          if (!target.startsWith(unpacked)) {
            throw new IOException("zip entry " + entry.getName() + " of " + config.code() + " points outside the package");
          }
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return unpacked;
    }

    private synchronized void discardInstance() {
      if (instance != null) {
        retired.add(instance.loader); // its thread may still run: closed with the function
        instance = null;
      }
    }

    private ObjectNode errorObject(Throwable t) {
      ObjectNode error = MAPPER.createObjectNode();
      if (t.getMessage() != null) {
        error.put("errorMessage", t.getMessage());
      }
      error.put("errorType", t.getClass().getName());
      ArrayNode trace = error.putArray("stackTrace");
      for (StackTraceElement frame : t.getStackTrace()) {
        String cls = frame.getClassName();
        if (cls.startsWith("dev.orderflow.local.lambda.") || cls.startsWith("jdk.internal.reflect.")
            || cls.startsWith("java.lang.reflect.") || cls.startsWith("java.util.concurrent.")
            || cls.equals("java.lang.Thread")) {
          continue; // our invocation machinery, which Lambda's own runtime frames stand for
        }
        // As Lambda's Java runtime writes a frame: without class loader or module names.
        trace.add(cls + "." + frame.getMethodName() + "(" + (frame.getFileName() == null ? "Unknown Source"
            : frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "")) + ")");
      }
      if (t.getCause() != null && t.getCause() != t) {
        error.set("cause", errorObject(t.getCause()));
      }
      return error;
    }

    synchronized void close() {
      executor.shutdownNow();
      try {
        executor.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (instance != null) {
        closeQuietly(instance.loader);
        instance = null;
      }
      retired.forEach(LambdaFunctions::closeQuietly);
      retired.clear();
      if (unpacked != null) {
        deleteTree(unpacked);
        unpacked = null;
        taskRoot = null;
      }
    }
  }

  /** Carries an Error thrown by a function out of a Callable. */
  private static final class Thrown extends Exception {
    private static final long serialVersionUID = 1L;

    Thrown(Throwable cause) {
      super(cause);
    }
  }

  private record Instance(FunctionClassLoader loader, HandlerInvoker invoker, ContextFactory contexts) {}

  private static void closeQuietly(FunctionClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      // nothing more to free
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary folder; the OS clears it in the end
    }
  }
}
