package dev.orderflow.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command line in this JVM with its own environment, and keeps what it wrote. */
final class Cli {

  record Result(int code, String out, String err) {}

  private final Map<String, String> variables;
  private final Path home;

  Cli(Map<String, String> variables, Path home) {
    this.variables = variables;
    this.home = home;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = OrderflowCommand.run(new Env(variables, home, new PrintWriter(out), new PrintWriter(err), false), args);
    return new Result(code, out.toString(), err.toString());
  }
}
