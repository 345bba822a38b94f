package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Finds a running local system: {@code orderflow-local} writes a file {@code <pid>.json} into
 * {@code ~/.orderflow/local/} while it runs. Files of processes that are gone are passed over. A
 * choice picks one by its pid, the port of its GraphQL URL or its stack's name; without one, the
 * newest wins.
 */
final class LocalDiscovery {

  /** A running local system's API, and the credentials it signs IAM calls with when it names them. */
  record Found(Path file, long pid, String stack, String graphqlUrl, String apiKey, Instant startedAt,
      String awsAccessKeyId, String awsSecretAccessKey) {

    /** The port of its GraphQL URL, or -1. */
    int port() {
      try {
        URI uri = URI.create(graphqlUrl);
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      } catch (IllegalArgumentException e) {
        return -1;
      }
    }

    /** Stack, URL and pid, as a person tells one system from another. */
    String describe() {
      return (stack == null ? "a stack" : stack) + " at " + graphqlUrl + " (pid " + pid + ")";
    }
  }

  private LocalDiscovery() {}

  static Path directory(Env env) {
    String override = env.variable("ORDERFLOW_LOCAL_DIR");
    return override != null ? Path.of(override) : env.home().resolve(".orderflow").resolve("local");
  }

  /** The local systems running now, newest first. */
  static List<Found> running(Path directory, ObjectMapper json) {
    List<Found> running = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return running;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : files) {
        Found found = read(file, json);
        if (found != null && alive(found.pid())) {
          running.add(found);
        }
      }
    } catch (IOException e) {
      return running;
    }
    running.sort(Comparator.comparing(Found::startedAt).reversed().thenComparing(Found::pid));
    return running;
  }

  /**
   * The running local system that {@code choice} names: a pid, a port of its GraphQL URL or a stack
   * name; the newest when {@code choice} is empty.
   *
   * @throws UsageException when none runs, or none matches the choice (naming those that run)
   */
  static Found choose(Path directory, ObjectMapper json, String choice) {
    List<Found> running = running(directory, json);
    if (running.isEmpty()) {
      throw new UsageException("no local system is running: found none in " + directory
          + "; start one with scripts/run-local.sh, or give --url");
    }
    if (choice == null || choice.isEmpty()) {
      return running.get(0);
    }
    List<Found> matches = running.stream().filter(found -> matches(found, choice)).toList();
    if (matches.isEmpty()) {
      throw new UsageException("no local system has the pid, port or stack " + choice + "; running: "
          + running.stream().map(Found::describe).collect(Collectors.joining(", ")));
    }
    return matches.get(0);
  }

  /** Whether {@code argument} names a running local system's stack, so that it is a choice for --local. */
  static boolean isStackName(Path directory, ObjectMapper json, String argument) {
    return running(directory, json).stream()
        .anyMatch(found -> found.stack() != null && found.stack().equalsIgnoreCase(argument));
  }

  private static boolean matches(Found found, String choice) {
    if (choice.chars().allMatch(Character::isDigit)) {
      String number = choice.replaceFirst("^0+(?=.)", "");
      return Long.toString(found.pid()).equals(number) || Integer.toString(found.port()).equals(number);
    }
    return found.stack() != null && found.stack().toLowerCase(Locale.ROOT).equals(choice.toLowerCase(Locale.ROOT));
  }

  private static Found read(Path file, ObjectMapper json) {
    try {
      JsonNode node = json.readTree(file.toFile());
      if (!node.path("pid").canConvertToLong() || !node.path("graphqlUrl").isTextual()) {
        return null;
      }
      Instant started;
      try {
        started = Instant.parse(node.path("startedAt").asText());
      } catch (DateTimeParseException e) {
        started = Files.getLastModifiedTime(file).toInstant();
      }
      return new Found(file, node.path("pid").asLong(), text(node, "stack"), node.path("graphqlUrl").asText(),
          text(node, "apiKey"), started, text(node, "awsAccessKeyId"), text(node, "awsSecretAccessKey"));
    } catch (IOException e) {
      // Half-written or not ours: passed over.
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
