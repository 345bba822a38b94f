package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script beside the built jar, run with a stand-in {@code java} that only makes the
 * class-data archive it is asked for and says what it ran.
 */
class LauncherTest {

  private static final Path LAUNCHER = Path.of("src/main/launcher/orderflow");

  @TempDir
  Path target;

  @TempDir
  Path javaHome;

  @Test
  void theFirstRunSaysOnTheErrorStreamThatItPreparesTheArchiveAndLaterRunsSayNothing() throws Exception {
    Files.copy(LAUNCHER, target.resolve("orderflow"));
    Files.createFile(target.resolve("orderflow-client-0.1.0.jar"));
    Files.createDirectories(target.resolve("launcher"));
    Files.writeString(target.resolve("launcher/classpath.txt"), "/nowhere/dependency.jar");
    Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
    Files.writeString(java, """
        #!/bin/sh
        for argument in "$@"; do
          case "$argument" in -XX:ArchiveClassesAtExit=*) echo archive > "${argument#-XX:ArchiveClassesAtExit=}" ;; esac
        done
        echo "ran $*"
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

    Run first = launch("--version");
    Run second = launch("--version");

    assertThat(first.err().lines().toList()).containsExactly(
        "orderflow: first run: preparing a class-data archive so that later runs start faster (some seconds, once)...");
    assertThat(first.out()).contains("ran ").endsWith("--version\n");
    assertThat(target.resolve("launcher/orderflow.jsa")).exists();
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).contains("-XX:SharedArchiveFile=").endsWith("--version\n");
  }

  private record Run(String out, String err) {}

  private Run launch(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 2];
    command[0] = "sh";
    command[1] = target.resolve("orderflow").toString();
    System.arraycopy(args, 0, command, 2, args.length);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("JAVA_HOME", javaHome.toString());
    Path err = Files.createTempFile(target, "err", ".txt");
    Process process = builder.redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return new Run(out, Files.readString(err));
  }
}
