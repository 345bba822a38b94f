package dev.orderflow.local.dynamodb.bench;

import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link EngineBenchmark} in a fresh JVM on the engine's runtime class path: the time of
 * {@link DynamoDbEngine#start()}, and from its call to the first answered request over HTTP.
 * Prints {@code start-ms=<n> first-answer-ms=<n> uptime-ms=<n> cpu-ms=<n>}: the JVM's own
 * uptime at that answer, and the processor time the process had used by then (all threads,
 * compilers and collector included), a figure that other work on the machine disturbs less.
 */
public final class StartInJvm {

  private StartInJvm() {}

  public static void main(String[] args) throws IOException {
    long before = System.nanoTime();
    try (DynamoDbEngine engine = DynamoDbEngine.start()) {
      long started = System.nanoTime();
      listTables(engine.endpoint());
      long answered = System.nanoTime();
      long cpu = cpuMillis();
      // Read only after the clock stopped: the management classes take time to load.
      long uptime = ManagementFactory.getRuntimeMXBean().getUptime()
          - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - answered);
      System.out.printf(Locale.ROOT, "start-ms=%d first-answer-ms=%d uptime-ms=%d cpu-ms=%d%n",
          TimeUnit.NANOSECONDS.toMillis(started - before), TimeUnit.NANOSECONDS.toMillis(answered - before), uptime, cpu);
    }
  }

  /** User and system time of this process so far, from {@code /proc/self/stat}; -1 where there is none. */
  static long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10;  // Linux counts in clock ticks of 10 ms (USER_HZ 100)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Sends one ListTables request on a plain socket, with the fewest client classes, so that the
   * time measured is the engine's, not the client's. Fails unless it is answered with 200.
   */
  static String listTables(URI endpoint) throws IOException {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String head = "POST / HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort() + "\r\n"
          + "X-Amz-Target: DynamoDB_20120810.ListTables\r\n"
          + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000\r\nX-Amz-Date: 20240101T000000Z\r\n"
          + "Content-Type: application/x-amz-json-1.0\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!response.startsWith("HTTP/1.1 200") || !response.contains("TableNames")) {
        throw new IllegalStateException("ListTables was not answered as expected: " + response);
      }
      return response;
    }
  }
}
