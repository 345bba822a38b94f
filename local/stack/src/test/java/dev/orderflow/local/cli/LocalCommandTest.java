package dev.orderflow.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.local.gateway.IamMode;
import dev.orderflow.local.testing.CloudAssemblies;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's arguments and the errors it gives before anything starts. */
class LocalCommandTest {

  @TempDir
  Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    LocalCommand command = new LocalCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), home);
    return command.run(args);
  }

  private String errorLines() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parsesEveryOptionInBothSpellings() throws UsageException {
    LocalOptions options = LocalOptions.parse(new String[] {"--app", "cdk.out", "--stack=PizzaOrders", "--port=8080",
        "--redelivery-delay", "500ms"});

    assertThat(options.app()).isEqualTo(Path.of("cdk.out"));
    assertThat(options.stack()).isEqualTo("PizzaOrders");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.redeliveryDelay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void allowOriginIsRepeatableAndNamesABadOrigin() throws UsageException {
    LocalOptions options = LocalOptions.parse(new String[] {"--app", "cdk.out", "--allow-origin",
        "https://Dev.Example.test:3000/", "--allow-origin=http://tablet.local:8080"});

    assertThat(options.allowOrigins()).containsExactly("https://dev.example.test:3000", "http://tablet.local:8080");
    assertThat(run("--app", "cdk.out", "--allow-origin", "dev.example.test/app")).isEqualTo(2);
    assertThat(errorLines()).startsWith("orderflow-local: --allow-origin: an allowed origin must be http:// or https://")
        .contains("'dev.example.test/app'").hasLineCount(1);
  }

  @Test
  void portDefaultsToZeroForAFreeOne() throws UsageException {
    assertThat(LocalOptions.parse(new String[] {"--app", "cdk.out", "--stack", "S"}).port()).isZero();
  }

  @Test
  void readsDurationsInSecondsMinutesAndIso8601() throws UsageException {
    assertThat(LocalOptions.duration("2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(LocalOptions.duration("1m")).isEqualTo(Duration.ofMinutes(1));
    assertThat(LocalOptions.duration("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsADurationThatIsNotPositive() {
    assertThatThrownBy(() -> LocalOptions.duration("0s")).hasMessage(
        "--redelivery-delay takes a positive duration such as 500ms, 2s, 1m or PT2S, but '0s' was given");
    assertThatThrownBy(() -> LocalOptions.duration("soon")).hasMessageContaining("'soon'");
  }

  @Test
  void dataTakesAFolderThatTheBannerNames() throws UsageException {
    LocalOptions kept = LocalOptions.parse(new String[] {"--app", "cdk.out", "--data", home.resolve("shop").toString()});
    LocalOptions inMemory = LocalOptions.parse(new String[] {"--app", "cdk.out"});

    assertThat(kept.data()).isEqualTo(home.resolve("shop"));
    assertThat(LocalOptions.parse(new String[] {"--app", "cdk.out", "--data=shop"}).data()).isEqualTo(Path.of("shop"));
    assertThat(inMemory.data()).isNull();
    assertThat(LocalCommand.dataLine(kept.data())).isEqualTo("data: kept in " + home.resolve("shop"));
    assertThat(LocalCommand.dataLine(null)).isEqualTo("data: in memory, gone at exit (--data DIR keeps it)");
  }

  @Test
  void theReadmesSampleBannerHasTheLinesTheCommandPrintsOneTypePerLine() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```text\ngraphql: ");
    String banner = readme.substring(start + "```text\n".length(), readme.indexOf("```", start + 3));
    java.util.List<String> lines = banner.lines().toList();

    assertThat(lines).first().asString().startsWith("graphql: ");
    assertThat(lines).last().asString().matches("running \\w+ until Ctrl-C \\(discovery file .+\\)");
    assertThat(lines).anyMatch(line -> line.startsWith("aws credentials: "))
        .anyMatch(line -> line.equals(LocalCommand.dataLine(null)));
    assertThat(lines).filteredOn(line -> line.startsWith("not emulated: "))
        .isNotEmpty()
        .allMatch(line -> line.matches("not emulated: AWS::\\w+::\\w+ x\\d+ \\(.*\\)")
            && line.indexOf("AWS::") == line.lastIndexOf("AWS::"), "one type a line");
    assertThat(lines).allMatch(line -> line.length() <= 120, "at most 120 characters");
  }

  @Test
  void theReadmesAwsCliExampleGivesARegionAndCredentials() throws Exception {
    String readme = Files.readString(Path.of("../../README.md"), StandardCharsets.UTF_8);

    assertThat(readme.lines().filter(line -> line.contains(" aws ") && line.contains("--endpoint-url")))
        .isNotEmpty()
        .allMatch(line -> line.contains("--region ") && line.contains("AWS_ACCESS_KEY_ID=")
            && line.contains("AWS_SECRET_ACCESS_KEY="));
  }

  @Test
  void dataOnAFileIsRefusedWithOneLine() throws Exception {
    Path file = Files.writeString(home.resolve("notes.txt"), "mine");

    assertThat(run("--app", "cdk.out", "--data", file.toString())).isEqualTo(2);

    assertThat(errorLines()).startsWith("orderflow-local: --data " + file + " is a file: give a folder")
        .hasLineCount(1);
  }

  @Test
  void helpPrintsTheUsageAndExitsWithZero() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: orderflow-local --app").contains("--port N");
    assertThat(errorLines()).isEmpty();
  }

  @Test
  void aPortOutOfRangeGivesOneLineNamingTheOptionAndExitCode2() {
    assertThat(run("--app", "cdk.out", "--stack", "S", "--port", "70000")).isEqualTo(2);

    assertThat(errorLines()).isEqualTo("orderflow-local: --port takes a number from 0 to 65535, but '70000' was given"
        + " (--help lists the options)" + System.lineSeparator());
  }

  @Test
  void anUnknownOptionIsNamed() {
    assertThat(run("--app", "cdk.out", "--stack", "S", "--verbose")).isEqualTo(2);

    assertThat(errorLines()).startsWith("orderflow-local: unknown option '--verbose'").hasLineCount(1);
  }

  @Test
  void withoutStackAnAssemblyOfSeveralStacksIsRefusedListingThem() throws Exception {
    Path assembly = Files.createDirectory(home.resolve("cdk.out"));
    Files.writeString(assembly.resolve("manifest.json"), """
        {"version": "48.0.0", "artifacts": {
          "Shop": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
            "properties": {"templateFile": "Shop.template.json"}},
          "Billing": {"type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
            "properties": {"templateFile": "Billing.template.json"}}}}""");

    assertThat(run("--app", assembly.toString())).isEqualTo(1);

    assertThat(errorLines()).startsWith("orderflow-local: the cloud assembly " + assembly + " has 2 stacks: give one"
        + " with --stack").contains("Shop", "Billing").hasLineCount(1);
  }

  @Test
  void withoutStackTheOnlyStackOfTheAssemblyRuns() throws Exception {
    Path assembly = CloudAssemblies.oneStack(home.resolve("cdk.out"), "Shop",
        "{\"Resources\": {\"Bogus\": {\"Type\": \"AWS::EC2::VPC\"}}}");

    assertThat(run("--app", assembly.toString())).isEqualTo(1);

    // It chose Shop: the failure is about Shop's own content.
    assertThat(errorLines()).startsWith("orderflow-local: the stack Shop did not start: ").contains("AWS::EC2::VPC");
  }

  @Test
  void iamTakesEnforceWarnOrOffAndNamesAWrongValue() throws UsageException {
    assertThat(LocalOptions.parse(new String[] {"--app", "cdk.out"}).iam()).isEqualTo(IamMode.ENFORCE);
    assertThat(LocalOptions.parse(new String[] {"--app", "cdk.out", "--iam", "warn"}).iam()).isEqualTo(IamMode.WARN);
    assertThat(LocalOptions.parse(new String[] {"--app", "cdk.out", "--iam=off"}).iam()).isEqualTo(IamMode.OFF);

    assertThat(run("--app", "cdk.out", "--iam", "strict")).isEqualTo(2);
    assertThat(errorLines()).startsWith("orderflow-local: --iam takes enforce, warn or off, but 'strict' was given");
  }

  @Test
  void anOptionWithoutItsValueSaysWhatItNeeds() {
    assertThat(run("--stack", "S", "--app")).isEqualTo(2);

    assertThat(errorLines()).startsWith("orderflow-local: --app needs a cloud assembly folder").hasLineCount(1);
  }

  @Test
  void aMissingCloudAssemblyGivesOneLineAndExitCode1() {
    Path missing = home.resolve("no-such-cdk.out");

    assertThat(run("--app", missing.toString(), "--stack", "S")).isEqualTo(1);

    assertThat(errorLines()).isEqualTo("orderflow-local: no cloud assembly at " + missing
        + ": it is not a folder; run cdk synth first" + System.lineSeparator());
    assertThat(DiscoveryFile.folder(home)).doesNotExist();
  }

  @Test
  void aFolderWithoutManifestIsNotACloudAssembly() throws Exception {
    Path empty = Files.createDirectory(home.resolve("empty"));

    assertThat(run("--app", empty.toString(), "--stack", "S")).isEqualTo(1);

    assertThat(errorLines()).contains("it has no manifest.json; run cdk synth first").hasLineCount(1);
  }

  @Test
  void aStackTheAssemblyDoesNotHaveIsNamedWithoutAStackTrace() throws Exception {
    Path assembly = CloudAssemblies.oneStack(home.resolve("cdk.out"), "Shop", "{\"Resources\": {}}");

    assertThat(run("--app", assembly.toString(), "--stack", "Pizza")).isEqualTo(1);

    assertThat(errorLines()).startsWith("orderflow-local: the stack Pizza did not start: cloud assembly ")
        .contains("has no stack named 'Pizza'").hasLineCount(1).doesNotContain("Exception");
  }

  @Test
  void theDiscoveryFileHoldsWhereTheSystemIsAndStaleOnesAreRemoved() throws Exception {
    Path folder = Files.createDirectories(DiscoveryFile.folder(home));
    // A pid far above any that Linux hands out: its process is gone.
    Files.writeString(folder.resolve("999999999.json"), "{}");

    DiscoveryFile file = DiscoveryFile.write(home, 4711, "PizzaOrders", java.net.URI.create("http://127.0.0.1:8080/graphql"),
        "da2-abc", java.net.URI.create("http://127.0.0.1:8080/"),
        new dev.orderflow.local.appsync.AwsCredentials("LOCALKEY000000000000", "s3cr3t"), Path.of("/runs/outbox.jsonl"),
        java.time.Instant.parse("2026-01-01T10:00:00Z"), java.net.URI.create("http://127.0.0.1:4566"));

    assertThat(file.path()).isEqualTo(folder.resolve("4711.json"));
    var json = DiscoveryFile.read(file.path());
    assertThat(json.path("pid").asLong()).isEqualTo(4711);
    assertThat(json.path("stack").asText()).isEqualTo("PizzaOrders");
    assertThat(json.path("graphqlUrl").asText()).isEqualTo("http://127.0.0.1:8080/graphql");
    assertThat(json.path("apiKey").asText()).isEqualTo("da2-abc");
    assertThat(json.path("graphiqlUrl").asText()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(json.path("outbox").asText()).isEqualTo("/runs/outbox.jsonl");
    assertThat(json.path("awsEndpoint").asText()).isEqualTo("http://127.0.0.1:4566");
    assertThat(json.path("console").asText()).isEqualTo("http://127.0.0.1:4566/_orderflow/");
    assertThat(json.path("awsAccessKeyId").asText()).isEqualTo("LOCALKEY000000000000");
    assertThat(json.path("awsSecretAccessKey").asText()).isEqualTo("s3cr3t");
    assertThat(json.path("startedAt").asText()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(folder.resolve("999999999.json")).doesNotExist();

    file.delete();
    assertThat(file.path()).doesNotExist();
  }
}
