package dev.orderflow.local.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of a Node.js executable, and whether the local runners accept it: 22 and 24 are
 * supported; 20 still runs the bundled scripts but is end-of-life, so it is accepted with one
 * warning; anything older is refused with one line that says what to install.
 *
 * @param text the version as Node.js prints it, such as {@code v22.11.0}
 * @param major its major version
 */
public record NodeVersion(String text, int major) {

  /** The oldest major version that runs the bundled scripts (with their Promise.withResolvers stand-in). */
  public static final int OLDEST_MAJOR = 20;

  /** The newest major version that is end-of-life: accepted, with a warning. */
  static final int NEWEST_END_OF_LIFE_MAJOR = 20;

  static final String INSTALL = "install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH";

  private static final System.Logger LOG = System.getLogger(NodeVersion.class.getName());
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  /**
   * Runs {@code executable --version}, refuses a version that is too old, and warns once per
   * executable and version (one log line) about one that is end-of-life.
   *
   * @param executable a command on the PATH or a path
   * @param purpose what Node.js is needed for, completing "install ... to": such as {@code run
   *     Step Functions state machines locally}
   * @return the version
   * @throws IllegalStateException if Node.js is missing, does not answer, prints no version, or is
   *     older than {@link #OLDEST_MAJOR}; the message is one line that says what to install
   */
  public static NodeVersion check(String executable, String purpose) {
    NodeVersion version = parse(executable, printedBy(executable, purpose), purpose);
    version.endOfLifeWarning().ifPresent(warning -> {
      if (WARNED.add(executable + '\n' + version.text())) {
        LOG.log(System.Logger.Level.WARNING, warning);
      }
    });
    return version;
  }

  /**
   * Reads what {@code executable --version} printed.
   *
   * @throws IllegalStateException if it is not a Node.js version, or one older than
   *     {@link #OLDEST_MAJOR}
   */
  static NodeVersion parse(String executable, String printed, String purpose) {
    Matcher version = VERSION.matcher(printed.trim());
    if (!version.lookingAt()) {
      throw new IllegalStateException("'" + executable + " --version' printed '" + printed.trim()
          + "', which is not a Node.js version: " + INSTALL);
    }
    int major = Integer.parseInt(version.group(1));
    if (major < OLDEST_MAJOR) {
      throw new IllegalStateException("Node.js " + version.group() + " is too old to " + purpose + " ("
          + OLDEST_MAJOR + " or newer is needed): " + INSTALL);
    }
    return new NodeVersion(version.group(), major);
  }

  /**
   * The one-line warning for an end-of-life version that still runs.
   *
   * @return the warning, or empty for a supported version
   */
  public Optional<String> endOfLifeWarning() {
    return major <= NEWEST_END_OF_LIFE_MAJOR
        ? Optional.of("Node.js " + text + " is end-of-life and no longer gets security fixes: " + INSTALL)
        : Optional.empty();
  }

  private static String printedBy(String executable, String purpose) {
    try {
      Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
      String printed;
      try (InputStream out = process.getInputStream()) {
        printed = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "Node.js ('" + executable + " --version') did not answer within 30 seconds: " + INSTALL);
      }
      return printed;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Node.js was not found ('" + executable + "' could not be run): " + INSTALL + " to " + purpose);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the Node.js version", e);
    }
  }
}
