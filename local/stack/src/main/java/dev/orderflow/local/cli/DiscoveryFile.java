package dev.orderflow.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.console.ConsolePages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The file that tells other tools (the {@code orderflow} client's {@code --local}) that a local
 * system runs, and where: {@code ~/.orderflow/local/<pid>.json}, written at start and deleted at
 * exit.
 *
 * <pre>{@code
 * {"pid": 4711, "stack": "PizzaOrders", "graphqlUrl": "http://127.0.0.1:8080/graphql",
 *  "apiKey": "da2-...", "graphiqlUrl": "http://127.0.0.1:8080/",
 *  "awsAccessKeyId": "LOCALKEY000000000000", "awsSecretAccessKey": "...",
 *  "outbox": "/tmp/orderflow-local-.../outbox.jsonl", "awsEndpoint": "http://127.0.0.1:4566",
 *  "console": "http://127.0.0.1:4566/_orderflow/",
 *  "startedAt": "2026-01-01T10:00:00Z"}
 * }</pre>
 */
final class DiscoveryFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  private DiscoveryFile(Path file) {
    this.file = file;
  }

  /** The folder of discovery files under a home folder: {@code <home>/.orderflow/local}. */
  static Path folder(Path home) {
    return home.resolve(".orderflow").resolve("local");
  }

  /**
   * Writes the discovery file of this process, first removing the files of processes that are
   * gone (a run killed with SIGKILL cannot remove its own).
   */
  static DiscoveryFile write(Path home, long pid, String stack, URI graphqlUrl, String apiKey, URI graphiqlUrl,
      dev.orderflow.local.appsync.AwsCredentials credentials, Path outbox, Instant startedAt, URI awsEndpoint) {
    Path folder = folder(home);
    try {
      Files.createDirectories(folder);
      removeStale(folder);
      ObjectNode content = JSON.createObjectNode();
      content.put("pid", pid);
      content.put("stack", stack);
      content.put("graphqlUrl", graphqlUrl == null ? null : graphqlUrl.toString());
      content.put("apiKey", apiKey);
      content.put("graphiqlUrl", graphiqlUrl == null ? null : graphiqlUrl.toString());
      // IAM callers sign with this secret, under any access key id.
      content.put("awsAccessKeyId", credentials == null ? null : credentials.accessKeyId());
      content.put("awsSecretAccessKey", credentials == null ? null : credentials.secretAccessKey());
      content.put("outbox", outbox.toString());
      content.put("awsEndpoint", awsEndpoint == null ? null : awsEndpoint.toString());
      // The console is served on the AWS endpoint's port.
      content.put("console", awsEndpoint == null ? null : awsEndpoint.resolve(ConsolePages.PATH).toString());
      content.put("startedAt", startedAt.toString());
      Path file = folder.resolve(pid + ".json");
      Path partial = folder.resolve(pid + ".json.partial");
      Files.writeString(partial, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n");
      ownerOnly(partial);
      // A reader never sees half a file.
      try {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return new DiscoveryFile(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the discovery file in " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void ownerOnly(Path path) {
    // The file holds an API key and a secret: only its owner reads it, where the file system knows owners.
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: its defaults apply
    }
  }

  private static void removeStale(Path folder) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
      for (Path other : files) {
        String name = other.getFileName().toString();
        long pid;
        try {
          pid = Long.parseLong(name.substring(0, name.length() - ".json".length()));
        } catch (NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        Files.deleteIfExists(other);
      }
    }
  }

  /** Where the file is. */
  Path path() {
    return file;
  }

  /** Reads a discovery file back. */
  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /** Deletes the file; nothing happens when it is gone already. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      System.getLogger(DiscoveryFile.class.getName()).log(System.Logger.Level.WARNING, "could not delete " + file, e);
    }
  }
}
