package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Finds a running local system: {@code orderflow-local} writes a file {@code <pid>.json} into
 * {@code ~/.orderflow/local/} while it runs. Files of processes that are gone are passed over; of
 * the rest, the newest wins.
 */
final class LocalDiscovery {

  /** A running local system's API. */
  record Found(Path file, long pid, String stack, String graphqlUrl, String apiKey, Instant startedAt) {}

  private LocalDiscovery() {}

  static Path directory(Env env) {
    String override = env.variable("ORDERFLOW_LOCAL_DIR");
    return override != null ? Path.of(override) : env.home().resolve(".orderflow").resolve("local");
  }

  static Optional<Found> find(Path directory, ObjectMapper json) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    Found newest = null;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : files) {
        Found found = read(file, json);
        if (found != null && alive(found.pid())
            && (newest == null || found.startedAt().isAfter(newest.startedAt()))) {
          newest = found;
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(newest);
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
      return new Found(file, node.path("pid").asLong(), node.path("stack").asText(null),
          node.path("graphqlUrl").asText(), node.path("apiKey").asText(null), started);
    } catch (IOException e) {
      // Half-written or not ours: passed over.
      return null;
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
