package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A connection that a pooled client keeps open and idle is still served. The test waits out
 * Jetty's default idle timeout, so the class runs beside the other test classes rather than
 * making them wait (its own engine; nothing else shares it).
 */
@Execution(ExecutionMode.CONCURRENT)
class IdleConnectionTest extends ConformanceSupport {

  @Test
  void aConnectionIdleForLongerThanJettysDefaultIsStillServed() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(engine.endpoint().getHost(), engine.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      java.io.InputStream in = socket.getInputStream();
      send(socket);
      readAnswer(in);

      // Jetty's default idle timeout, which closed pooled connections under their clients, is 30 s.
      Thread.sleep(31_000);
      send(socket);
      String second = readAnswer(in);

      assertThat(second).startsWith("HTTP/1.1 200");
    }
  }

  private static void send(java.net.Socket socket) throws IOException {
    String request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        + SIGNATURE_HEADERS + "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 2\r\n\r\n{}";
    socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** Reads one HTTP answer (headers, then Content-Length bytes of body). */
  private static String readAnswer(java.io.InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        return head.toString();
      }
      head.append((char) c);
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    int bytes = length.find() ? Integer.parseInt(length.group(1)) : 0;
    in.readNBytes(bytes);
    return head.toString();
  }
}
