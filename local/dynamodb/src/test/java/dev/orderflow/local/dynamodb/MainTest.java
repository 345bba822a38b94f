package dev.orderflow.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line, run as users run it: a JVM of its own, ended by SIGTERM. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MainTest {

  @Test
  void printsOneLineWithItsUrlAnswersAndEndsOnSigterm() throws Exception {
    Process process = start();
    try {
      String firstLine = firstLine(process);
      CompletableFuture<String> rest = readAll(process.getInputStream());

      String answer = DynamoDbEngineTest.listTablesOverSocket(URI.create(firstLine));
      process.destroy();

      assertThat(firstLine).matches("http://127\\.0\\.0\\.1:[0-9]{1,5}");
      assertThat(answer).startsWith("HTTP/1.1 200").contains("{\"TableNames\":[]}");
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("ended within 10 s of SIGTERM").isTrue();
      // 128 + 15: the JVM ran its shutdown hooks and ended on the signal.
      assertThat(process.exitValue()).isEqualTo(143);
      assertThat(rest.get(10, TimeUnit.SECONDS)).as("nothing after the URL").isEmpty();
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void listensOnThePortItIsGiven() throws Exception {
    int port = freePort();
    Process process = start("--port", Integer.toString(port));
    try {
      String firstLine = firstLine(process);
      String answer = DynamoDbEngineTest.listTablesOverSocket(URI.create(firstLine));

      assertThat(firstLine).isEqualTo("http://127.0.0.1:" + port);
      assertThat(answer).startsWith("HTTP/1.1 200");
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("--port", "abc"),
            "local-dynamodb: --port takes a number from 0 to 65535, but 'abc' was given"),
        Arguments.of(List.of("--port"), "local-dynamodb: --port needs a number, e.g. --port 8000"),
        Arguments.of(List.of("--port", "70000"),
            "local-dynamodb: port must be between 0 and 65535, but 70000 was given"),
        Arguments.of(List.of("--verbose"),
            "local-dynamodb: unknown option '--verbose'; usage: local-dynamodb [--port N]"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsGiveOneClearLineAndExitCode2(List<String> arguments, String message) throws Exception {
    Process process = start(arguments.toArray(String[]::new));
    CompletableFuture<String> output = readAll(process.getInputStream());
    CompletableFuture<String> errors = readAll(process.getErrorStream());

    boolean ended = process.waitFor(60, TimeUnit.SECONDS);

    assertThat(ended).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(errors.get(10, TimeUnit.SECONDS).lines()).containsExactly(message);
    assertThat(output.get(10, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void aTakenPortEndsWithExitCode2AndALineNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Process process = start("--port", Integer.toString(taken.getLocalPort()));
      CompletableFuture<String> errors = readAll(process.getErrorStream());

      boolean ended = process.waitFor(60, TimeUnit.SECONDS);

      assertThat(ended).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      assertThat(errors.get(10, TimeUnit.SECONDS).lines().filter(line -> line.startsWith("local-dynamodb: ")))
          .singleElement().asString()
          .contains("could not listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Starts the command line in a JVM of its own, on this test's class path. */
  private static Process start(String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).start();
  }

  /** The first line of the process's output, read byte by byte so nothing after it is consumed. */
  private static String firstLine(Process process) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        StringBuilder line = new StringBuilder();
        InputStream in = process.getInputStream();
        for (int next = in.read(); next != -1 && next != '\n'; next = in.read()) {
          line.append((char) next);
        }
        return line.toString();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).get(60, TimeUnit.SECONDS);
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }
}
