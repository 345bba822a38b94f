package dev.orderflow.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The Node.js version check, run on small scripts that print what a given Node.js would. */
// Reads the shared NodeVersion logger: nothing runs beside it.
@Isolated
@DisabledOnOs(OS.WINDOWS)
class NodeVersionTest {

  private static final String PURPOSE = "run Step Functions state machines locally";

  @TempDir
  Path directory;

  private final Logger log = Logger.getLogger(NodeVersion.class.getName());
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler collect = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void listen() {
    log.addHandler(collect);
  }

  @AfterEach
  void stopListening() {
    log.removeHandler(collect);
  }

  @Test
  void refusesNodeEighteenWithOneLineSayingWhatToInstall() throws IOException {
    Path node = fakeNode("v18.0.0");

    assertThatThrownBy(() -> NodeVersion.check(node.toString(), PURPOSE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Node.js v18.0.0 is too old to run Step Functions state machines locally (20 or newer is"
            + " needed): install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH");
  }

  @Test
  void acceptsNodeTwentyWithOneWarningThatItIsEndOfLife() throws IOException {
    Path node = fakeNode("v20.19.1");

    NodeVersion first = NodeVersion.check(node.toString(), PURPOSE);
    NodeVersion second = NodeVersion.check(node.toString(), PURPOSE);

    assertThat(first).isEqualTo(new NodeVersion("v20.19.1", 20)).isEqualTo(second);
    assertThat(warnings).singleElement().extracting(LogRecord::getMessage)
        .isEqualTo("Node.js v20.19.1 is end-of-life and no longer gets security fixes: install Node.js 22 or 24"
            + " (https://nodejs.org) and put it on the PATH");
  }

  @Test
  void acceptsNodeTwentyTwoAndTwentyFourWithoutAWarning() throws IOException {
    NodeVersion twentyTwo = NodeVersion.check(fakeNode("v22.11.0").toString(), PURPOSE);
    NodeVersion twentyFour = NodeVersion.check(fakeNode("v24.1.0").toString(), PURPOSE);

    assertThat(twentyTwo.major()).isEqualTo(22);
    assertThat(twentyFour.text()).isEqualTo("v24.1.0");
    assertThat(twentyTwo.endOfLifeWarning()).isEmpty();
    assertThat(warnings).isEmpty();
  }

  @Test
  void saysWhatToInstallWhenNodeIsMissing() {
    Path missing = directory.resolve("no-such-node");

    assertThatThrownBy(() -> NodeVersion.check(missing.toString(), PURPOSE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Node.js was not found ('" + missing + "' could not be run): install Node.js 22 or 24"
            + " (https://nodejs.org) and put it on the PATH to run Step Functions state machines locally");
  }

  @Test
  void refusesAnExecutableThatPrintsNoNodeVersion() throws IOException {
    Path node = fakeNode("Python 3.11.2");

    assertThatThrownBy(() -> NodeVersion.check(node.toString(), PURPOSE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("'" + node + " --version' printed 'Python 3.11.2', which is not a Node.js version: install"
            + " Node.js 22 or 24 (https://nodejs.org) and put it on the PATH");
  }

  @Test
  void aSupervisedProcessDoesNotStartOnATooOldNode() throws IOException {
    Path node = fakeNode("v18.20.4");

    assertThatThrownBy(() -> NodeProcess.builder("test runner").nodeExecutable(node.toString())
        .script(directory.resolve("never-run.js")).purpose(PURPOSE).start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Node.js v18.20.4 is too old to run Step Functions state machines locally");
  }

  /** A script that answers {@code --version} as a Node.js of the given version would. */
  private Path fakeNode(String printed) throws IOException {
    Path script = Files.createTempFile(directory, "node-", ".sh");
    Files.writeString(script, "#!/bin/sh\necho '" + printed + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
