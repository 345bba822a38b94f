package dev.orderflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The folder of a run's files: the user's, or a temporary one made for the run and deleted after it. */
final class RunDirectory implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RunDirectory.class.getName());

  private final Path path;
  private final boolean own;

  private RunDirectory(Path path, boolean own) {
    this.path = path;
    this.own = own;
  }

  /** The given folder, or a new temporary one when {@code path} is null. */
  static RunDirectory of(Path path) {
    if (path != null) {
      return new RunDirectory(path, false);
    }
    try {
      return new RunDirectory(Files.createTempDirectory("orderflow-local-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a run directory", e);
    }
  }

  Path path() {
    return path;
  }

  /** Deletes the folder when the run made it. */
  @Override
  public void close() {
    if (!own) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + path, e);
    }
  }
}
