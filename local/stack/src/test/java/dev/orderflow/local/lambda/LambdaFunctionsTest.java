package dev.orderflow.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.CloudAssembly;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

// Counts the JVM's threads: nothing runs beside it.
@Isolated
class LambdaFunctionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  private static Path assembly;
  private static ReferenceRegistry registry;
  private static TemplateResolver resolver;
  private static LambdaFunctions functions;

  @BeforeAll
  static void start() throws Exception {
    assembly = TestFunctions.assembly(dir);
    StackTemplate stack = CloudAssembly.read(assembly).stack("Fns");
    registry = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);
    resolver = new TemplateResolver(registry);
    functions = LambdaFunctions.create(resolver, registry, Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:9324"));
  }

  @AfterAll
  static void stop() {
    functions.close();
  }

  private static JsonNode greet(String function, String name) throws Exception {
    return functions.invoke(function, JSON.readTree("{\"name\": \"" + name + "\"}"));
  }

  @Test
  void eachFunctionSeesItsOwnEnvironmentThroughEveryFormOfGetenv() throws Exception {
    JsonNode a = greet("GreeterA", "Ann");
    JsonNode b = greet("greeter-b", "Bob");

    assertThat(a.get("greeting").asText()).isEqualTo("hello from A");
    assertThat(a.get("viaReference").asText()).isEqualTo("hello from A");
    assertThat(a.get("viaMap").asText()).isEqualTo("hello from A");
    assertThat(a.get("atInit").asText()).isEqualTo("hello from A");
    assertThat(b.get("greeting").asText()).isEqualTo("hello from B");
    assertThat(b.get("viaReference").asText()).isEqualTo("hello from B");
    assertThat(b.get("atInit").asText()).isEqualTo("hello from B");
    assertThat(a.get("name").asText()).isEqualTo("Ann");
  }

  @Test
  void setsLambdasOwnVariablesAndHidesTheJvmEnvironment() throws Exception {
    JsonNode a = greet("GreeterA", "Ann");
    String name = functions.function("GreeterA").functionName();

    assertThat(name).startsWith("Fns-GreeterA-");
    assertThat(a.get("functionName").asText()).isEqualTo(name);
    assertThat(a.get("region").asText()).isEqualTo("us-east-1");
    assertThat(a.get("memoryVariable").asText()).isEqualTo("512");
    assertThat(a.get("extra").asText()).isEqualTo("http://127.0.0.1:9324");
    assertThat(a.get("path").isNull()).isTrue();
    assertThat(System.getenv("PATH")).isNotNull();
  }

  @Test
  void givesAContextWithRequestIdMemoryAndRemainingTime() throws Exception {
    JsonNode a = greet("GreeterA", "Ann");
    JsonNode again = greet("GreeterA", "Ann");

    assertThat(a.get("memory").asInt()).isEqualTo(512);
    assertThat(a.get("requestId").asText()).hasSize(36).isNotEqualTo(again.get("requestId").asText());
    assertThat(a.get("remainingMillis").asInt()).isBetween(1, 3000);
  }

  @Test
  void returnsWhatTheContextLoggerWrote() {
    InvokeResult result = functions.invoke("GreeterA", "{\"name\": \"Cy\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(result.failed()).isFalse();
    assertThat(result.log()).contains("greeted Cy");
  }

  @Test
  void keepsTheCallersClassPathOutAndBundledLambdaTypesIn() throws Exception {
    JsonNode a = greet("GreeterA", "Ann");
    JsonNode b = greet("GreeterB", "Bob");

    assertThat(a.get("seesCallerClassPath").asBoolean()).isFalse();
    assertThat(b.get("seesCallerClassPath").asBoolean()).isFalse();
    assertThat(a.get("contextLoader").asText()).isEqualTo("app");
    assertThat(b.get("contextLoader").asText()).isEqualTo("lambda:greeter-b");
  }

  @Test
  void isFoundByLogicalIdNameAndArn() throws Exception {
    String arn = functions.function("GreeterB").functionArn();

    assertThat(arn).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:greeter-b");
    assertThat(greet(arn, "x").get("greeting").asText()).isEqualTo("hello from B");
    assertThat(greet(arn + ":$LATEST", "x").get("greeting").asText()).isEqualTo("hello from B");
    assertThatThrownBy(() -> functions.function("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("GreeterA");
  }

  @Test
  void registersNameAndArnForRefAndGetAtt() throws Exception {
    JsonNode out = resolver.resolve(JSON.readTree("""
        {"ref": {"Ref": "GreeterB"}, "arn": {"Fn::GetAtt": ["GreeterB", "Arn"]}}"""));

    assertThat(out.get("ref").asText()).isEqualTo("greeter-b");
    assertThat(out.get("arn").asText()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:greeter-b");
  }

  @Test
  void aThrownErrorAnswersLambdasErrorPayload() {
    InvokeResult result = functions.invoke("Thrower", "\"abc\"".getBytes(StandardCharsets.UTF_8));
    JsonNode error = result.json();

    assertThat(result.functionError()).contains("Unhandled");
    assertThat(error.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.get("errorMessage").asText()).isEqualTo("card declined for abc");
    assertThat(error.get("stackTrace").get(0).asText()).startsWith("example.Thrower.handle(Thrower.java:");
    assertThat(error.toString()).doesNotContain("dev.orderflow.local");
    assertThat(error.at("/cause/errorType").asText()).isEqualTo("java.lang.NumberFormatException");
  }

  @Test
  void aThrownErrorBecomesItsClassNameForStepFunctions() throws Exception {
    LambdaFunctionException failure = org.junit.jupiter.api.Assertions.assertThrows(LambdaFunctionException.class,
        () -> functions.invoke("Thrower", JSON.readTree("\"abc\"")));
    StepFunctionsError error = failure.stepFunctionsError();

    assertThat(failure.timedOut()).isFalse();
    assertThat(error.error()).isEqualTo("java.lang.IllegalStateException");
    assertThat(JSON.readTree(error.cause()).get("errorMessage").asText()).isEqualTo("card declined for abc");
    assertThat(functions.invoke("Thrower", JSON.readTree("\"42\"")).asText()).isEqualTo("paid 42");
  }

  @Test
  void aTimeoutAnswersSandboxTimedoutAfterTheTemplatesTimeoutAndRestartsTheFunction() throws Exception {
    assertThat(functions.invoke("Sleeper", JSON.readTree("{}")).get("coldStarts").asInt()).isEqualTo(1);
    long start = System.nanoTime();

    InvokeResult result = functions.invoke("Sleeper", "{\"sleep\": true}".getBytes(StandardCharsets.UTF_8));

    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    JsonNode error = result.json();
    assertThat(millis).isBetween(900L, 3000L);
    assertThat(result.functionError()).contains("Unhandled");
    assertThat(error.get("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(error.get("errorMessage").asText()).matches("RequestId: [0-9a-f-]{36} Error: Task timed out after 1\\.00 seconds");
    assertThat(StepFunctionsError.of(new LambdaFunctionException("Sleeper", error)).error()).isEqualTo("Sandbox.Timedout");
    // Lambda resets the sandbox after a timeout: the next invocation starts the function again.
    assertThat(functions.invoke("Sleeper", JSON.readTree("{}")).get("coldStarts").asInt()).isEqualTo(1);
  }

  @Test
  void anErrorWithoutTypeIsLambdaUnknownForStepFunctions() throws Exception {
    StepFunctionsError error = StepFunctionsError.of(new LambdaFunctionException("f", JSON.readTree("{\"errorMessage\": \"out of memory\"}")));

    assertThat(error.error()).isEqualTo("Lambda.Unknown");
    assertThat(error.cause()).contains("out of memory");
  }

  @Test
  void parallelInvocationsShareOneWarmInstance() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<JsonNode>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String name = "n" + i;
        results.add(callers.submit(() -> greet("GreeterB", name)));
      }
      for (int i = 0; i < 40; i++) {
        JsonNode out = results.get(i).get(10, TimeUnit.SECONDS);
        assertThat(out.get("name").asText()).isEqualTo("n" + i);
        assertThat(out.get("coldStarts").asInt()).isEqualTo(1);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void closeStopsTheFunctionsThreadsAndDeletesTheUnpackedPackage() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    long packagesBefore = countTempPackages();
    StackTemplate stack = CloudAssembly.read(assembly).stack("Fns");
    ReferenceRegistry own = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);
    LambdaFunctions separate = LambdaFunctions.create(new TemplateResolver(own), own, Map.of());
    assertThat(separate.invoke("GreeterA", JSON.readTree("{\"name\": \"z\"}")).get("coldStarts").asInt()).isEqualTo(1);
    assertThat(countTempPackages()).isEqualTo(packagesBefore + 1);
    assertThat(newLambdaThreads(before)).isNotEmpty();

    separate.close();

    assertThat(newLambdaThreads(before)).isEmpty();
    assertThat(countTempPackages()).isEqualTo(packagesBefore);
    assertThatThrownBy(() -> separate.invoke("GreeterA", new byte[0])).isInstanceOf(IllegalStateException.class);
  }

  private static List<Thread> newLambdaThreads(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lambda-") && !before.contains(t))
        .toList();
  }

  private static long countTempPackages() throws Exception {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("orderflow-lambda-")).count();
    }
  }

  @Test
  void refusesARuntimeOtherThanJavaNamingTheLogicalIdAndRuntime(@TempDir Path other) throws Exception {
    StackTemplate stack = stackWith(other, """
        {"Resources": {"NodeFn": {"Type": "AWS::Lambda::Function", "Properties": {
          "Code": {"ZipFile": "exports.handler = async () => 1"}, "Handler": "index.handler", "Runtime": "nodejs22.x"}}}}""");
    ReferenceRegistry refs = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);

    assertThatThrownBy(() -> LambdaFunctions.create(new TemplateResolver(refs), refs, Map.of()))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("NodeFn.Runtime")
        .hasMessageContaining("nodejs22.x")
        .hasMessageContaining("Java");
  }

  @Test
  void refusesLayersNamingTheLogicalIdAndProperty(@TempDir Path other) throws Exception {
    StackTemplate stack = stackWith(other, """
        {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
          "Code": {"S3Bucket": "b", "S3Key": "k.zip"}, "Handler": "a.B", "Runtime": "java21", "Layers": ["arn:layer"]}}}}""");
    ReferenceRegistry refs = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);

    assertThatThrownBy(() -> LambdaFunctions.create(new TemplateResolver(refs), refs, Map.of()))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Fn.Layers")
        .hasMessageContaining("supported properties");
  }

  @Test
  void failsAtCreateNamingAMissingAsset(@TempDir Path other) throws Exception {
    StackTemplate stack = stackWith(other, """
        {"Resources": {"Fn": {"Type": "AWS::Lambda::Function", "Properties": {
          "Code": {"S3Bucket": "b", "S3Key": "gone.zip"}, "Handler": "a.B", "Runtime": "java21"}}}}""");
    ReferenceRegistry refs = new ReferenceRegistry(stack, AwsEnvironment.DEFAULT);

    assertThatThrownBy(() -> LambdaFunctions.create(new TemplateResolver(refs), refs, Map.of()))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("Fn.Code")
        .hasMessageContaining("gone.zip");
  }

  @Test
  void aMissingHandlerClassIsAnInitErrorNamingIt(@TempDir Path other) throws Exception {
    FunctionConfig config = new FunctionConfig("Ghost", "ghost", "arn:aws:lambda:us-east-1:000000000000:function:ghost",
        "java21", "example.Ghost::handle", assembly.resolve("asset.bbbb"), 128, java.time.Duration.ofSeconds(3), Map.of());
    try (LambdaFunctions one = LambdaFunctions.of(List.of(config), "us-east-1")) {
      JsonNode error = one.invoke("ghost", "{}".getBytes(StandardCharsets.UTF_8)).json();

      assertThat(error.get("errorType").asText()).isEqualTo("java.lang.ClassNotFoundException");
      assertThat(error.get("errorMessage").asText()).contains("example.Ghost");
    }
  }

  private static StackTemplate stackWith(Path dir, String template) throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, template);
    return StackTemplate.of(file, "Other");
  }
}
