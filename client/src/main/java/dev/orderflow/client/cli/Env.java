package dev.orderflow.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a run of the command line sees of its surroundings: the environment variables, the home
 * folder, where it writes, and whether a person watches the error stream (for the progress bar).
 */
record Env(Map<String, String> variables, Path home, PrintWriter out, PrintWriter err, boolean interactive) {

  static Env system() {
    return new Env(System.getenv(), Path.of(System.getProperty("user.home")),
        new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console() != null);
  }

  String variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
