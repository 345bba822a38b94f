package dev.orderflow.local.stepfunctions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds Node.js and checks that it is recent enough, with one line that says what to install. */
final class NodeRuntime {

  /** The oldest major version that runs the bundled script (with its Promise.withResolvers stand-in). */
  static final int OLDEST_MAJOR = 20;

  private static final String INSTALL = "install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH";
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");

  private NodeRuntime() {
  }

  /**
   * Runs {@code executable --version} and returns the version it prints.
   *
   * @throws IllegalStateException if Node.js is missing, does not answer, or is older than
   *     {@link #OLDEST_MAJOR}
   */
  static String check(String executable) {
    String printed;
    try {
      Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
      try (InputStream out = process.getInputStream()) {
        printed = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Node.js ('" + executable + " --version') did not answer within 30 seconds: " + INSTALL);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js was not found ('" + executable + "' could not be run): " + INSTALL
              + " to run Step Functions state machines locally");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Node.js version", e);
    }
    return requireSupported(executable, printed);
  }

  static String requireSupported(String executable, String printed) {
    Matcher version = VERSION.matcher(printed);
    if (!version.lookingAt()) {
      throw new IllegalStateException("'" + executable + " --version' printed '" + printed
          + "', which is not a Node.js version: " + INSTALL);
    }
    int major = Integer.parseInt(version.group(1));
    if (major < OLDEST_MAJOR) {
      throw new IllegalStateException("Node.js " + version.group() + " is too old to run Step Functions state machines"
          + " locally (" + OLDEST_MAJOR + " or newer is needed): " + INSTALL);
    }
    return version.group();
  }
}
