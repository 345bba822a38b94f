package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Real ElasticMQ on a free port, an SQS client for it, and small helpers of the pipe tests. */
final class PipeFixtures implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:Orders";
  static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:notifications";
  private static final AtomicInteger QUEUES = new AtomicInteger();

  final SQSRestServer server;
  final SqsClient sqs;
  /** A pipe's reads of its source queue, in the SQS JSON protocol, the queue named by its ARN. */
  final SourceQueue source;
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI endpoint;

  PipeFixtures() {
    server = SQSRestServerBuilder.withDynamicPort().withInterface("127.0.0.1").withAWSRegion("us-east-1")
        .withAWSAccountId("123456789012").start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = URI.create("http://127.0.0.1:" + port);
    source = this::sqsCall;
    sqs = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  private JsonNode sqsCall(String operation, ObjectNode request) {
    ObjectNode copy = request.deepCopy();
    copy.put("QueueUrl", urlOf(request.path("QueueUrl").asText()));
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
          .header("Content-Type", "application/x-amz-json-1.0").header("X-Amz-Target", "AmazonSQS." + operation)
          .POST(HttpRequest.BodyPublishers.ofString(copy.toString())).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(operation + " answered " + response.statusCode() + ": " + response.body());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates a queue with a fresh name and the given attributes; returns its ARN. */
  String queue(String prefix, Map<QueueAttributeName, String> attributes) {
    String name = prefix + "-" + QUEUES.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    String url = sqs.createQueue(request -> request.queueName(name).attributes(attributes)).queueUrl();
    return arnOf(url);
  }

  String arnOf(String url) {
    return sqs.getQueueAttributes(request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
  }

  String urlOf(String arn) {
    String name = arn.substring(arn.lastIndexOf(':') + 1);
    return sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
  }

  void send(String queueArn, String body) {
    sqs.sendMessage(request -> request.queueUrl(urlOf(queueArn)).messageBody(body));
  }

  /** Visible plus in-flight plus delayed messages of a queue. */
  int messagesIn(String queueArn) {
    Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(request -> request.queueUrl(urlOf(queueArn))
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return attributes.values().stream().mapToInt(Integer::parseInt).sum();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Waits until the condition holds; fails after the timeout. */
  static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    sqs.close();
    server.stopAndWait();
  }
}
