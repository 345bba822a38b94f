package dev.orderflow.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The SQS JSON protocol over plain HTTP, for the few calls this package makes itself. It uses
 * {@link HttpURLConnection}, which starts no thread of its own that could outlive the queues.
 */
final class SqsHttp {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private final URI endpoint;

  SqsHttp(URI endpoint) {
    this.endpoint = endpoint;
  }

  JsonNode call(String operation, ObjectNode request) {
    try {
      HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(5_000);
      c.setReadTimeout(30_000); // a long poll waits up to 20 seconds
      c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
      c.setRequestProperty("X-Amz-Target", "AmazonSQS." + operation);
      byte[] body = MAPPER.writeValueAsBytes(request);
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        JsonNode answer = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
        if (status >= 400) {
          String type = answer.path("__type").asText(answer.path("code").asText("HTTP " + status));
          throw new SqsException(operation, type.substring(type.indexOf('#') + 1), answer.path("message").asText(""));
        }
        return answer;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("SQS " + operation + " to " + endpoint + " failed: " + e.getMessage(), e);
    }
  }
}
