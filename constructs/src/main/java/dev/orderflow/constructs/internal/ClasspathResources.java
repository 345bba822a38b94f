package dev.orderflow.constructs.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files that ship inside this jar: Lambda code, GraphQL schema, resolver code. */
public final class ClasspathResources {

  private ClasspathResources() {}

  /** The bytes of the resource {@code name}, relative to {@code anchor}'s package. */
  public static byte[] bytes(Class<?> anchor, String name) {
    try (InputStream in = anchor.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The resource " + name + " is missing from the class path beside "
            + anchor.getName() + ": this orderflow-constructs jar was built without it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the resource " + name, e);
    }
  }

  public static String text(Class<?> anchor, String name) {
    return new String(bytes(anchor, name), StandardCharsets.UTF_8);
  }

  /**
   * Writes {@code content} to a file named {@code fileName} in a new temporary folder, deleted
   * with its folder when the JVM exits. CDK assets hash the file's name and content, not its folder.
   */
  public static Path toTemporaryFile(String fileName, byte[] content) {
    try {
      Path directory = Files.createTempDirectory("orderflow-");
      // The JVM deletes in the reverse order of registration: the file, then its emptied folder.
      directory.toFile().deleteOnExit();
      Path file = directory.resolve(fileName);
      file.toFile().deleteOnExit();
      Files.write(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write " + fileName + " to a temporary folder", e);
    }
  }
}
