package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An engine on the loopback interface answers this machine's tools and pages only: a page of
 * another site, which CORS let read and write every table, and a name that DNS rebinding points
 * at 127.0.0.1 get 403. The SDKs (Host 127.0.0.1 or localhost, no Origin) and pages served from
 * localhost are answered as before.
 */
class LoopbackOnlyTest extends ConformanceSupport {

  private String send(String host, String extraHeaders, String method) throws IOException {
    try (Socket socket = new Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      String body = "OPTIONS".equals(method) ? "" : "{}";
      socket.getOutputStream().write((method + " / HTTP/1.1\r\nHost: " + host + "\r\n"
          + "X-Amz-Target: DynamoDB_20120810.ListTables\r\n" + SIGNATURE_HEADERS + extraHeaders
          + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aPageOfAnotherSiteGetsNeitherAPreflightNorAnAnswer() throws IOException {
    String preflight = send("127.0.0.1", "Origin: https://attacker.example\r\n"
        + "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: authorization,x-amz-target\r\n",
        "OPTIONS");
    String scan = send("127.0.0.1", "Origin: https://attacker.example\r\n", "POST");

    assertThat(preflight).startsWith("HTTP/1.1 403 ").doesNotContainIgnoringCase("Access-Control-Allow");
    assertThat(scan).startsWith("HTTP/1.1 403 ").doesNotContainIgnoringCase("Access-Control-Allow")
        .contains("AccessDeniedException")
        .contains("Origin 'https://attacker.example' is not allowed: this engine serves pages from http(s)://localhost");
  }

  @Test
  void aNameThatDnsReboundToThisMachineIsRefused() throws IOException {
    String answer = send("attacker.example:" + engine.endpoint().getPort(), "", "POST");

    assertThat(answer).startsWith("HTTP/1.1 403 ").contains("AccessDeniedException")
        .contains("Host 'attacker.example:" + engine.endpoint().getPort() + "' is not a loopback name or address");
  }

  @Test
  void thisMachinesToolsAndPagesAreAnswered() throws IOException {
    String sdk = send("127.0.0.1:" + engine.endpoint().getPort(), "", "POST");
    String byName = send("localhost:" + engine.endpoint().getPort(), "", "POST");
    String awsName = send("dynamodb.us-east-1.amazonaws.com", "", "POST");
    String page = send("127.0.0.1", "Origin: http://localhost:3000\r\n", "POST");

    assertThat(sdk).startsWith("HTTP/1.1 200 ");
    assertThat(byName).startsWith("HTTP/1.1 200 ");
    assertThat(awsName).startsWith("HTTP/1.1 200 ");
    assertThat(page).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Access-Control-Allow-Origin: http://localhost:3000");
  }
}
