package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * {@code --local} with two local systems running, each a stand-in API with its discovery file: the
 * command says on the error stream which one it uses, and {@code --local PID|PORT|STACK} chooses.
 */
// Sets the AWS SDK's credential properties, which the default chain of every signer reads.
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class LocalChoiceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path home;

  @TempDir
  Path discovery;

  private final StandInApi older = new StandInApi();
  private final StandInApi newer = new StandInApi();
  private Process olderProcess;
  private Cli cli;

  @BeforeEach
  void twoLocalSystemsRun() throws IOException {
    olderProcess = new ProcessBuilder("sleep", "300").start();
    writeDiscoveryFile(olderProcess.pid(), "OlderOrders", older, "da2-older", Instant.now().minusSeconds(60), Map.of());
    writeDiscoveryFile(ProcessHandle.current().pid(), "PizzaOrders", newer, "da2-newer", Instant.now(), Map.of());
    cli = new Cli(Map.of("ORDERFLOW_LOCAL_DIR", discovery.toString()), home);
  }

  @AfterEach
  void stop() {
    older.close();
    newer.close();
    olderProcess.destroy();
  }

  @Test
  void localAloneUsesTheNewestAndSaysWhichAndThatOthersRun() {
    Cli.Result listed = cli.run("list", "--local");

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.err().lines().toList()).containsExactly("orderflow: using the local system PizzaOrders at "
        + newer.url() + " (pid " + ProcessHandle.current().pid() + "); 1 more running, choose one with --local PID|PORT|STACK");
    assertThat(newer.apiKeys).containsExactly("da2-newer");
    assertThat(older.requestCount()).isZero();
  }

  @Test
  void localWithAPidUsesThatSystem() {
    Cli.Result listed = cli.run("list", "--local", Long.toString(olderProcess.pid()));

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.err().lines().toList()).containsExactly(
        "orderflow: using the local system OlderOrders at " + older.url() + " (pid " + olderProcess.pid() + ")");
    assertThat(older.apiKeys).containsExactly("da2-older");
    assertThat(newer.requestCount()).isZero();
  }

  @Test
  void localWithThePortOfItsGraphqlUrlUsesThatSystem() {
    Cli.Result listed = cli.run("list", "--local=" + older.port(), "--json");

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(older.requestCount()).isEqualTo(1);
    assertThat(newer.requestCount()).isZero();
  }

  @Test
  void localWithAStackNameUsesThatSystemAndLeavesTheOrderIdToTheCommand() {
    Cli.Result watched = cli.run("watch", "--local", "olderorders", "o-1", "--poll");
    Cli.Result got = cli.run("get", "--local", "o-1");

    assertThat(watched.code()).as(watched.err()).isZero();
    assertThat(watched.out()).contains("o-1  SUCCESS");
    assertThat(got.code()).as(got.err()).isZero();
    assertThat(got.err()).contains("using the local system PizzaOrders");
    assertThat(older.requestCount()).isEqualTo(1);
    assertThat(newer.requestCount()).isEqualTo(1);
  }

  @Test
  void aChoiceThatMatchesNoneListsTheRunningSystems() {
    Cli.Result refused = cli.run("list", "--local", "ShopOrders");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().lines().toList()).containsExactly("orderflow: no local system has the pid, port or stack"
        + " ShopOrders; running: PizzaOrders at " + newer.url() + " (pid " + ProcessHandle.current().pid()
        + "), OlderOrders at " + older.url() + " (pid " + olderProcess.pid() + ")");
    assertThat(older.requestCount() + newer.requestCount()).isZero();
  }

  @Test
  void noLocalSystemRunningNamesTheScriptThatStartsOne() {
    Path empty = home.resolve("nothing");
    Cli.Result refused = new Cli(Map.of("ORDERFLOW_LOCAL_DIR", empty.toString()), home).run("list", "--local");

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err().lines().toList()).containsExactly("orderflow: no local system is running: found none in "
        + empty + "; start one with scripts/run-local.sh, or give --url");
  }

  @Test
  void iamWithLocalSignsWithTheKeysTheLocalSystemNames() throws IOException {
    writeDiscoveryFile(ProcessHandle.current().pid(), "PizzaOrders", newer, "da2-newer", Instant.now(),
        Map.of("awsAccessKeyId", "AKIALOCALSYSTEM", "awsSecretAccessKey", "local-secret"));

    Cli.Result listed = cli.run("list", "--local", "--iam");

    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(newer.authorizations).singleElement().asString()
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIALOCALSYSTEM/").contains("/us-east-1/appsync/aws4_request");
  }

  @Test
  void iamWithLocalSignsWithTheDefaultCredentialsWhenTheLocalSystemNamesNoKeys() {
    System.setProperty("aws.accessKeyId", "AKIADEFAULTCHAIN");
    System.setProperty("aws.secretAccessKey", "secret");
    try {
      Cli.Result listed = cli.run("list", "--local", "--iam", "--region", "eu-west-1");

      assertThat(listed.code()).as(listed.err()).isZero();
      assertThat(newer.authorizations).singleElement().asString()
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIADEFAULTCHAIN/").contains("/eu-west-1/appsync/aws4_request");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
  }

  private void writeDiscoveryFile(long pid, String stack, StandInApi api, String apiKey, Instant startedAt,
      Map<String, String> more) throws IOException {
    Map<String, Object> content = new HashMap<>(Map.of("pid", pid, "stack", stack, "graphqlUrl", api.url(),
        "apiKey", apiKey, "startedAt", startedAt.toString()));
    content.putAll(more);
    Files.writeString(discovery.resolve(pid + ".json"), JSON.writeValueAsString(content));
  }
}
