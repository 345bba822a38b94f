package dev.orderflow.constructs.testing;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
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
    Process process = node(script, args);
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

  /**
   * Starts a script that answers requests one a line, each with a line, for as long as its input is
   * open: one Node.js process (and one load of its packages) for many requests.
   */
  public static Session start(String script) throws IOException {
    return new Session(script, node(script));
  }

  private static Process node(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("node", MODULE.resolve("src/test/node").resolve(script).toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(MODULE.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  /** A running script of {@link #start}; closing it ends its input and waits for it to exit. */
  public static final class Session implements AutoCloseable {
    private final String script;
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;

    private Session(String script, Process process) {
      this.script = script;
      this.process = process;
      this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one request, a line of JSON, and answers the script's line for it. */
    public synchronized String ask(String request) throws IOException {
      if (request.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a request is one line");
      }
      in.write(request);
      in.newLine();
      in.flush();
      String answer = out.readLine();
      if (answer == null) {
        throw new AssertionError(script + " ended without answering (exit code "
            + (process.isAlive() ? "none yet" : process.exitValue()) + ")");
      }
      return answer;
    }

    @Override
    public void close() throws IOException, InterruptedException {
      in.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script + " did not exit within 30 s of the end of its input");
      }
    }
  }
}
