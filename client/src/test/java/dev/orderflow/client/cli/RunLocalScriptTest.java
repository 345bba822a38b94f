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
 * The Node.js check of {@code scripts/run-local.sh}, the script a newcomer runs first, with a
 * stand-in {@code node} of each version. The script runs in a folder of its own with nothing to
 * synthesize from, so that after its checks it stops at once.
 */
class RunLocalScriptTest {

  private static final Path SCRIPT = Path.of("../scripts/run-local.sh");

  @TempDir
  Path root;

  @TempDir
  Path bin;

  @Test
  void refusesNodeOlderThan20WithOneLineSayingWhichToInstall() throws Exception {
    Run run = runWithNode("v18.19.1");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().lines().toList()).containsExactly(
        "run-local: Node.js v18.19.1 is too old: install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH");
  }

  @Test
  void warnsOnNode20WithOneLineAndGoesOn() throws Exception {
    Run run = runWithNode("v20.20.2");

    assertThat(run.err().lines().toList()).startsWith(
        "run-local: Node.js v20.20.2 works, but 22 or 24 is the one to use: install it when you can",
        "run-local: synthesizing the example (no cloud assembly yet)...");
  }

  @Test
  void saysNothingOfNode22() throws Exception {
    Run run = runWithNode("v22.12.0");

    assertThat(run.err().lines().findFirst().orElseThrow())
        .isEqualTo("run-local: synthesizing the example (no cloud assembly yet)...");
  }

  private record Run(int code, String err) {}

  private Run runWithNode(String version) throws IOException, InterruptedException {
    Path scripts = Files.createDirectories(root.resolve("scripts"));
    Files.copy(SCRIPT, scripts.resolve("run-local.sh"));
    Path node = bin.resolve("node");
    Files.writeString(node, "#!/bin/sh\necho " + version + "\n");
    Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
    ProcessBuilder builder = new ProcessBuilder("bash", scripts.resolve("run-local.sh").toString());
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Path err = Files.createTempFile(bin, "err", ".txt");
    Process process = builder.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }
}
