package dev.orderflow.constructs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js scripts of {@code src/test/node} with the packages the build installed from
 * {@code package-lock.json}.
 */
public final class NodeScripts {

  /** The module folder: Maven runs tests there, and node_modules is installed there. */
  private static final Path MODULE = Path.of("").toAbsolutePath();

  private NodeScripts() {}

  /** The exit code and standard output of one run. */
  public record Result(int exitCode, String stdout) {}

  public static Result run(String script, String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", MODULE.resolve("src/test/node").resolve(script).toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .directory(MODULE.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(script + " did not finish within 2 minutes");
    }
    return new Result(process.exitValue(), stdout);
  }
}
