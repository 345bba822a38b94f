package dev.orderflow.local.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one file of the JavaScript client tests in {@code src/test/node} (their packages installed by
 * the Maven build's {@code npm ci}) under Node's test runner, and asserts that every test of it
 * passed.
 */
public final class NodeTests {

  /** The folder of the JavaScript client tests, from the module's folder. */
  public static final Path FOLDER = Path.of("src/test/node");

  private NodeTests() {
  }

  /**
   * Runs {@code file} with the environment given, waits for it (90 seconds at most) and asserts that
   * it passed {@code tests} tests and failed none.
   *
   * @param file the test file, in {@link #FOLDER}
   * @param tests how many tests it holds
   * @param environment variables the tests read, e.g. an endpoint's URL
   * @return what Node's test runner printed
   */
  public static String run(String file, int tests, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder node = new ProcessBuilder("node", "--experimental-websocket", "--no-warnings", "--test",
        "--test-force-exit", file)
        .directory(FOLDER.toFile())
        .redirectErrorStream(true);
    node.environment().putAll(environment);
    Path log = Files.createTempFile("node-test", ".log");
    try {
      node.redirectOutput(log.toFile());
      Process process = node.start();
      boolean finished = process.waitFor(90, TimeUnit.SECONDS);
      if (!finished) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(finished).as("Node's test runner ends within 90 seconds:\n" + output).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("# pass " + tests).contains("# fail 0");
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
