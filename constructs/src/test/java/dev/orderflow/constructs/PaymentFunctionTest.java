package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.constructs.internal.RuntimeArtifact;
import dev.orderflow.constructs.testing.StackChecks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.logs.RetentionDays;

class PaymentFunctionTest implements StackChecks {

  private static Stack stack;
  private static Template template;
  private static CloudAssembly assembly;

  @BeforeAll
  static void synthesize() {
    App app = new App();
    stack = new Stack(app, "PaymentStack");
    new PaymentFunction(stack, "Payment", PaymentFunctionProps.builder().approvalRate(1.0).build());
    template = Template.fromStack(stack);
    assembly = app.synth();
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void runsThePaymentHandlerOnTheNewestJavaRuntime() {
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Runtime", "java25",
        "Handler", "dev.orderflow.runtime.payment.PaymentHandler::handleRequest",
        "Architectures", List.of("arm64"),
        "MemorySize", 512,
        "Timeout", 10,
        "TracingConfig", Map.of("Mode", "Active"),
        "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")),
        "Environment", Map.of("Variables", Match.objectLike(Map.of("ORDERFLOW_APPROVAL_RATE", "1.0")))));
    template.resourceCountIs("AWS::Lambda::Function", 1);
  }

  @Test
  void keepsLogsForAMonth() {
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
  }

  @Test
  void grantsNoManagedPolicy() {
    template.hasResourceProperties("AWS::IAM::Role", Map.of("ManagedPolicyArns", Match.absent()));
  }

  @Test
  void stagesTheEmbeddedArtifactByteForByte() throws Exception {
    Path staged = stagedAsset();

    byte[] embedded;
    try (InputStream in = RuntimeArtifact.class.getResourceAsStream(RuntimeArtifact.RESOURCE_NAME)) {
      embedded = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(staged)).isEqualTo(embedded);
  }

  @Test
  void deploysCodeThatAnswersAPaymentRequest(@TempDir Path unpacked) throws Exception {
    // Load the handler from the staged asset alone, the way the Lambda Java runtime does:
    // classes at the root of the archive, dependency jars under lib/.
    List<URL> classPath = new ArrayList<>();
    classPath.add(unpacked.toUri().toURL());
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(stagedAsset()))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = unpacked.resolve(entry.getName()).normalize();
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target);
          if (entry.getName().startsWith("lib/")) {
            classPath.add(target.toUri().toURL());
          }
        }
      }
    }

    String answer;
    try (URLClassLoader loader =
        new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> handlerClass = loader.loadClass("dev.orderflow.runtime.payment.PaymentHandler");
      Class<?> contextClass = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
      Object handler = handlerClass.getConstructor().newInstance();
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      handlerClass
          .getMethod("handleRequest", InputStream.class, OutputStream.class, contextClass)
          .invoke(handler, new ByteArrayInputStream(
              ("{\"orderId\":\"order-1\",\"customerId\":\"anonymous\",\"name\":\"Pizza\","
                  + "\"quantity\":6,\"restaurantId\":\"Dominos Pizza\"}").getBytes(StandardCharsets.UTF_8)),
              output, null);
      answer = output.toString(StandardCharsets.UTF_8);
    }

    assertThat(answer).startsWith("{\"orderId\":\"order-1\",\"status\":\"APPROVED\",\"paymentId\":\"pay_");
  }

  @Test
  void rejectsAnApprovalRateAboveOne() {
    assertThatThrownBy(() -> PaymentFunctionProps.builder().approvalRate(1.5).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approvalRate must be from 0.0 to 1.0, but 1.5 was provided");
  }

  @Test
  void rejectsMemoryOutsideWhatLambdaOffers() {
    assertThatThrownBy(() -> PaymentFunctionProps.builder().memorySize(64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("memorySize must be from 128 to 10240, but 64 was provided");
  }

  @Test
  void rejectsATimeoutLongerThanFifteenMinutes() {
    assertThatThrownBy(() -> PaymentFunctionProps.builder().timeout(Duration.minutes(16)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be from 1 to 900 seconds, but 16 minutes was provided");
  }

  @Test
  void keepsTheDefaultsWhenNothingIsSet() {
    PaymentFunctionProps props = PaymentFunctionProps.builder().build();

    assertThat(props.approvalRate()).isEqualTo(0.9);
    assertThat(props.memorySize()).isEqualTo(512);
    assertThat(props.logRetention()).isEqualTo(RetentionDays.ONE_MONTH);
  }

  private static Path stagedAsset() throws Exception {
    try (Stream<Path> files = Files.list(Path.of(assembly.getDirectory()))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("asset.") && p.toString().endsWith(".zip"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no zip asset staged in " + assembly.getDirectory()));
    }
  }
}
