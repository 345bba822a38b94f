package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a JVM of its own, as the launcher runs it, signing with SigV4: with the
 * client's class path, so with SLF4J (which the AWS SDK logs through) and no logger behind it.
 */
class SignedCommandTest {

  private static final String SLF4J_PROVIDER = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  @TempDir
  Path dir;

  @Test
  void aSignedCommandWritesNothingButItsAnswer() throws Exception {
    try (StandInApi api = new StandInApi()) {
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", clientClassPath(), OrderflowCommand.class.getName(),
          "get", "o-1", "--url", api.url(), "--iam", "--region", "us-east-1");
      builder.environment().put("AWS_ACCESS_KEY_ID", "AKIASIGNED");
      builder.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
      Path err = dir.resolve("err.txt");
      Process jvm = builder.redirectError(err.toFile()).start();
      String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();

      assertThat(jvm.exitValue()).as(Files.readString(err)).isZero();
      assertThat(Files.readString(err)).isEmpty();
      assertThat(out).contains("o-1", "SUCCESS");
      assertThat(api.authorizations).singleElement().asString().startsWith("AWS4-HMAC-SHA256 Credential=AKIASIGNED/");
    }
  }

  /**
   * This test's class path (read from the manifest of surefire's booter jar when it has one), less
   * the SLF4J loggers that the other modules' tests bring: the launcher runs without them.
   */
  private static String clientClassPath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      entries.add(entry);
      if (entry.endsWith(".jar")) {
        try (JarFile jar = new JarFile(entry)) {
          Manifest manifest = jar.getManifest();
          String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
          if (classPath != null) {
            for (String url : classPath.trim().split("\\s+")) {
              entries.add(Path.of(Path.of(entry).toAbsolutePath().getParent().toUri().resolve(url)).toString());
            }
          }
        }
      }
    }
    List<String> kept = new ArrayList<>();
    for (String entry : entries) {
      if (!isSlf4jLogger(Path.of(entry))) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  private static boolean isSlf4jLogger(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      return Files.exists(entry.resolve(SLF4J_PROVIDER));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (JarFile jar = new JarFile(entry.toFile())) {
      return jar.getEntry(SLF4J_PROVIDER) != null;
    }
  }
}
