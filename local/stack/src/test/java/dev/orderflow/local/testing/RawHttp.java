package dev.orderflow.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP requests written byte by byte, as no client library would send them (a bad request line, a
 * method a port does not serve, a body that is not what it says), and their answers as received.
 */
public final class RawHttp {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawHttp() {}

  /** An answer: its status, its head (status line and headers) and its body. */
  public record Answer(int status, String head, String body) {

    /** The value of a header (case-insensitive name), or "" when it is absent. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }

    /** The body as JSON; fails the test when it is not. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + head.lines().findFirst().orElse("") + "): " + body, e);
      }
    }
  }

  /** Sends {@code request} as it is to the port of {@code endpoint} and reads the whole answer. */
  public static Answer send(URI endpoint, String request) {
    return send(endpoint.getHost(), endpoint.getPort(), request);
  }

  /** Sends {@code request} as it is to {@code host:port} and reads the whole answer. */
  public static Answer send(String host, int port, String request) {
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while (!complete(all.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) > 0) {
        all.write(buffer, 0, n);
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      return new Answer(Integer.parseInt(head.split(" ")[1]), head, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a response has its head and as much body as its Content-Length says. */
  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    String head = text.substring(0, split).toLowerCase(Locale.ROOT);
    int at = head.indexOf("content-length:");
    if (at < 0) {
      return false;
    }
    int end = head.indexOf("\r\n", at);
    int length = Integer.parseInt(head.substring(at + "content-length:".length(), end < 0 ? head.length() : end).trim());
    return text.length() - split - 4 >= length;
  }
}
