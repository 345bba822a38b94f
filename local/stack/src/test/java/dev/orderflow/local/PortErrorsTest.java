package dev.orderflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.events.EventsStack;
import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.testing.RawHttp;
import dev.orderflow.local.testing.RawHttp.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every port a local system opens answers every error in the shape of the service it imitates
 * (JSON, or the bare page DynamoDB itself answers to a method other than POST), never with a
 * server's HTML or plain-text page: an unknown path, a method the port does
 * not serve, a body that is not JSON, a request line no HTTP parser accepts. (The GraphQL port's
 * own errors are in AppSyncEndpointHardeningTest.)
 */
class PortErrorsTest {

  private static LocalSystem system;

  @BeforeAll
  static void start(@TempDir Path directory) {
    system = LocalSystem.builder(EventsStack.cloudAssembly(directory), EventsStack.NAME).iam(IamMode.OFF).start();
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
  }

  /**
   * The four bad requests to a port: {@code unknown} (a path or request the port does not serve), a
   * method it does not serve, a body that is not JSON under the service's JSON target header, and
   * a request line that no HTTP parser accepts.
   */
  private static List<Answer> badRequests(URI port, String unknown, String target) {
    String host = "Host: 127.0.0.1:" + port.getPort() + "\r\n";
    String json = "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: " + target + "\r\n";
    return List.of(
        RawHttp.send(port, unknown + " /nowhere/at/all HTTP/1.1\r\n" + host + "Content-Length: 0\r\nConnection: close\r\n\r\n"),
        RawHttp.send(port, "DELETE / HTTP/1.1\r\n" + host + json + "Content-Length: 0\r\nConnection: close\r\n\r\n"),
        RawHttp.send(port, "POST / HTTP/1.1\r\n" + host + json + "Content-Length: 5\r\nConnection: close\r\n\r\n{nope"),
        RawHttp.send(port, "GET /%zz HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n"));
  }

  private static void assertJsonErrorsInTheServicesShape(List<Answer> answers) {
    for (Answer answer : answers) {
      assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
      assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/x-amz-json-1.0");
      assertThat(answer.json().path("__type").asText()).as(answer.body()).isNotEmpty();
      assertThat(answer.json().path("message").asText()).as(answer.body()).isNotEmpty();
      assertThat(answer.body()).doesNotContain("<html", "Jetty", "pekko", "Pekko");
      assertThat(answer.header("Server")).as("the server's name and version are not told").isEmpty();
    }
  }

  @Test
  void theSqsPortAnswersEveryErrorInSqsJsonAndStillServesSqs() {
    List<Answer> answers = badRequests(system.sqsEndpoint(), "GET", "AmazonSQS.ListQueues");

    assertJsonErrorsInTheServicesShape(answers);
    assertThat(answers.get(0).json().path("__type").asText()).isEqualTo("com.amazonaws.sqs#MissingAction");
    String host = "Host: 127.0.0.1:" + system.sqsEndpoint().getPort() + "\r\n";
    Answer listed = RawHttp.send(system.sqsEndpoint(), "POST / HTTP/1.1\r\n" + host
        + "Content-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AmazonSQS.ListQueues\r\n"
        + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/sqs/aws4_request, "
        + "SignedHeaders=host;x-amz-target, Signature=0000\r\n"
        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.json().path("QueueUrls").toString()).contains(system.sqsEndpoint().toString());
    assertThat(listed.header("Server")).isEmpty();
  }

  @Test
  void theAwsPortAnswersEveryErrorInJsonWithTypeAndMessage() {
    assertJsonErrorsInTheServicesShape(badRequests(system.awsEndpoint(), "GET", "AmazonSQS.ListQueues"));
  }

  @Test
  void theDynamoDbPortAnswersEveryErrorAsDynamoDbDoesAndAGetWithItsHealthLine() {
    List<Answer> answers = badRequests(system.dynamoDbEndpoint(), "POST", "DynamoDB_20120810.ListTables");

    for (Answer answer : answers) {
      assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
      assertThat(answer.body()).as(answer.head()).doesNotContain("<html", "Jetty");
      assertThat(answer.header("Server")).as("the server's name and version are not told").isEmpty();
    }
    // As DynamoDB: a request without a known target and a body that is not JSON get its JSON error
    // types; a method other than POST is an unknown page.
    assertThat(answers.get(0).json().path("__type").asText()).isEqualTo("com.amazon.coral.service#UnknownOperationException");
    assertThat(answers.get(1).status()).isEqualTo(404);
    assertThat(answers.get(1).body()).isEqualTo("<UnknownOperationException/>\n");
    assertThat(answers.get(2).json().path("__type").asText()).isEqualTo("com.amazon.coral.service#SerializationException");
    Answer health = RawHttp.send(system.dynamoDbEndpoint(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).startsWith("healthy: ");
    assertThat(health.header("Server")).isEmpty();
  }
}
