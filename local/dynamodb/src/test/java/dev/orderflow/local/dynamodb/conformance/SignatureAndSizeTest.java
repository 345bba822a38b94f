package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What DynamoDB answers before it reads a request: a request without a signature, or with one of
 * the wrong form, and a body over 16 MB. The engine checks a signature's form, never its value.
 *
 * <p>Sources: MissingAuthenticationTokenException, IncompleteSignatureException and
 * InvalidSignatureException in "Common Errors"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html); the
 * Authorization header and the query parameters of Signature Version 4
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-requests.html); the
 * 16 MB request limit in "Quotas in Amazon DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html). The
 * messages are the ones real DynamoDB answers.
 */
class SignatureAndSizeTest extends ConformanceSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private record Answer(int status, String type, String message, HttpResponse<String> response) {}

  private Answer post(String query, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(engine.endpoint() + query))
        .header("Content-Type", "application/x-amz-json-1.0")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    String type = json.path("__type").asText("");
    return new Answer(response.statusCode(), type.substring(type.indexOf('#') + 1), json.path("message").asText(null),
        response);
  }

  private Answer listTables(String query, Map<String, String> headers) throws Exception {
    return post(query, headers, "{}".getBytes());
  }

  @Test
  void aRequestWithoutASignatureIsMissingItsAuthenticationToken() throws Exception {
    Answer answer = listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.type()).isEqualTo("MissingAuthenticationTokenException");
    assertThat(answer.message()).isEqualTo("Request is missing Authentication Token");
    assertThat(listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables", "Authorization", "AWS4")).type())
        .isEqualTo("MissingAuthenticationTokenException");
  }

  @Test
  void anUnknownOperationIsRefusedBeforeTheSignatureIsLookedAt() throws Exception {
    Answer answer = listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTable"));

    assertThat(answer.type()).isEqualTo("UnknownOperationException");
  }

  @Test
  void anIncompleteAuthorizationHeaderNamesWhatItLacks() throws Exception {
    Answer bare = listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables", "Authorization", "AWS4-"));
    Answer noSignedHeaders = listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables",
        "Authorization", "AWS4- Signature=b, Credential=a", "X-Amz-Date", SIGNED_AT));

    assertThat(bare.type()).isEqualTo("IncompleteSignatureException");
    assertThat(bare.message()).isEqualTo("Authorization header requires 'Credential' parameter. "
        + "Authorization header requires 'Signature' parameter. "
        + "Authorization header requires 'SignedHeaders' parameter. "
        + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-");
    assertThat(noSignedHeaders.message())
        .isEqualTo("Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b, Credential=a");
  }

  @Test
  void querySignaturesNeedEveryParameterAndNoHeaderBesideThem() throws Exception {
    Answer incomplete = listTables("?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d",
        Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables"));
    Answer both = listTables("?X-Amz-Algorithm", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables",
        "Authorization", "X"));

    assertThat(incomplete.type()).isEqualTo("IncompleteSignatureException");
    assertThat(incomplete.message())
        .isEqualTo("AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
    assertThat(both.type()).isEqualTo("InvalidSignatureException");
    assertThat(both.message())
        .isEqualTo("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }

  @Test
  void anySignatureOfTheRightFormIsAccepted() throws Exception {
    Answer answer = listTables("", Map.of("X-Amz-Target", "DynamoDB_20120810.ListTables", "Authorization", SIGNATURE,
        "X-Amz-Date", SIGNED_AT));

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void aBodyOver16MegabytesIsTooLargeAndTheEngineServesOn() throws Exception {
    String head;
    try (java.net.Socket socket = new java.net.Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      int length = 16 * 1024 * 1024 + 1;
      socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
          + SIGNATURE_HEADERS + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " + length
          + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int sent = 0; sent < length; sent += chunk.length) {
        socket.getOutputStream().write(chunk, 0, Math.min(chunk.length, length - sent));
      }
      socket.getOutputStream().flush();
      head = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    assertThat(head).startsWith("HTTP/1.1 413 ").containsIgnoringCase("Transfer-Encoding: chunked");
    assertThat(ddb.listTables().tableNames()).isNotNull();
  }
}
