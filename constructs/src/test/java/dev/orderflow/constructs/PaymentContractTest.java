package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.constructs.internal.RuntimeArtifact;
import dev.orderflow.constructs.testing.TemplateDefinitions;
import dev.orderflow.runtime.payment.PaymentContract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * The payment step's contract, across the workflow and the payment function: the request that the
 * synthesized workflow's Pay state sends is one the function reads, the function's answer carries
 * what the workflow reads from it, and a request the function can never pay fails with the error
 * the workflow does not retry. The function is the real one, from the Lambda artifact embedded in
 * this module, run in a class loader of its own as Lambda would run it.
 */
class PaymentContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode definition;
  private static URLClassLoader lambda;
  private static Object handler;
  private static Method handleRequest;

  @BeforeAll
  static void synthesizeAndLoadThePaymentFunction() throws Exception {
    Stack stack = new Stack(new App(), "Contract");
    new OrderWorkflow(stack, "Workflow",
        OrderWorkflowProps.builder().table(new OrderTable(stack, "Orders").getTable()).build());
    definition = TemplateDefinitions.stateMachineDefinition(Template.fromStack(stack).toJSON());

    Path code = unzip(RuntimeArtifact.path());
    List<URL> classPath = new ArrayList<>(List.of(code.toUri().toURL()));
    try (Stream<Path> jars = Files.list(code.resolve("lib"))) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        classPath.add(jar.toUri().toURL());
      }
    }
    lambda = new URLClassLoader(classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    Class<?> handlerClass = lambda.loadClass(RuntimeArtifact.PAYMENT_HANDLER.split("::")[0]);
    handler = handlerClass.getConstructor().newInstance();
    handleRequest = handlerClass.getMethod("handleRequest", InputStream.class, OutputStream.class,
        lambda.loadClass("com.amazonaws.services.lambda.runtime.Context"));
  }

  @AfterAll
  static void closeThePaymentFunction() throws Exception {
    lambda.close();
  }

  @Test
  void theFunctionReadsTheRequestOfThePayStateAndAnswersWhatThePaymentOutcomeReads() throws Exception {
    JsonNode request = payRequest(JSON.createObjectNode().put("id", "order-contract").put("customerId", "customer-1")
        .put("name", "Pizza").put("quantity", 3).put("restaurantId", "Dominos Pizza"));

    JsonNode answer = pay(request);

    assertThat(request.get(PaymentContract.ORDER_ID).asText()).isEqualTo("order-contract");
    assertThat(answer.get(PaymentContract.ORDER_ID).asText()).isEqualTo("order-contract");
    // Each outcome the workflow tells apart, and the field its finishing write reads from the answer.
    JsonNode choices = TemplateDefinitions.state(definition, "PaymentOutcome").get("Choices");
    Map<String, String> outcomes = Map.of(
        choices.get(0).get("StringEquals").asText(), "MarkPaid",
        choices.get(1).get("StringEquals").asText(), "MarkDeclined");
    assertThat(choices).allSatisfy(choice -> assertThat(choice.get("Variable").asText())
        .isEqualTo("$.payment." + PaymentContract.STATUS));
    String status = answer.get(PaymentContract.STATUS).asText();
    assertThat(outcomes).containsKey(status);
    String read = status.equals(PaymentContract.APPROVED) ? ":paymentId" : ":reason";
    String path = TemplateDefinitions.state(definition, outcomes.get(status))
        .at("/Parameters/ExpressionAttributeValues/" + read + "/S.$").asText();
    assertThat(path).startsWith("$.payment.");
    assertThat(answer.get(path.substring("$.payment.".length())).asText()).isNotBlank();
  }

  @Test
  void aRequestTheFunctionCanNeverPayFailsWithTheErrorThePayStateDoesNotRetry() {
    JsonNode request = payRequest(JSON.createObjectNode().put("id", "order-unpayable").put("customerId", "customer-1")
        .put("name", "Pizza").put("quantity", 0).put("restaurantId", "Dominos Pizza"));
    List<JsonNode> notRetried = new ArrayList<>();
    TemplateDefinitions.state(definition, "Pay").get("Retry").forEach(retry -> {
      if (retry.get("MaxAttempts").asInt() == 0) {
        notRetried.add(retry.get("ErrorEquals"));
      }
    });

    assertThat(notRetried).hasSize(1);
    assertThatThrownBy(() -> pay(request))
        .isInstanceOf(InvocationTargetException.class)
        .extracting(Throwable::getCause)
        .satisfies(error -> assertThat(error.getClass().getName())
            .isEqualTo(notRetried.get(0).get(0).asText()));
  }

  /**
   * The Pay state's payload (its Parameters: the state asks for the function's answer alone) for
   * an order read by the claim, with its paths filled in.
   */
  private static JsonNode payRequest(ObjectNode order) {
    ObjectNode request = JSON.createObjectNode();
    TemplateDefinitions.state(definition, "Pay").get("Parameters").fields().forEachRemaining(field -> {
      String name = field.getKey();
      if (name.endsWith(".$")) {
        String path = field.getValue().asText();
        assertThat(path).startsWith("$.order.");
        request.set(name.substring(0, name.length() - 2), order.get(path.substring("$.order.".length())));
      } else {
        request.set(name, field.getValue());
      }
    });
    return request;
  }

  private static JsonNode pay(JsonNode request) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handleRequest.invoke(handler, new ByteArrayInputStream(JSON.writeValueAsBytes(request)), output, null);
    return JSON.readTree(output.toByteArray());
  }

  private static Path unzip(Path zip) throws Exception {
    Path folder = Files.createTempDirectory("orderflow-payment-function-");
    folder.toFile().deleteOnExit();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path target = folder.resolve(entry.getName()).normalize();
        if (!target.startsWith(folder)) {
          throw new IllegalStateException("an entry outside the artifact: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return folder;
  }
}
