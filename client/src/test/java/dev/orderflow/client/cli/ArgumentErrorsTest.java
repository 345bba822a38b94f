package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the arguments: each named as the user typed it, before anything is called. */
class ArgumentErrorsTest {

  @TempDir
  Path home;

  @Test
  void aMistypedOptionIsNamedWithTheOptionItResemblesRatherThanReportedAsAMissingOne() {
    Cli.Result result = cli().run("post", "--nmae", "Pizza", "--quantity", "1", "--restaurant", "Luigi");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines().toList()).containsExactly(
        "orderflow: Unknown option: '--nmae' (did you mean --name?)", "Try 'orderflow post --help'.");
  }

  @Test
  void aMistypedOptionWithItsValueAttachedIsNamedWithoutTheValue() {
    Cli.Result result = cli().run("post", "--nmae=Pizza", "--quantity", "1", "--restaurant", "Luigi");

    assertThat(result.err().lines().findFirst().orElseThrow())
        .isEqualTo("orderflow: Unknown option: '--nmae' (did you mean --name?)");
  }

  @Test
  void anOptionLikeNoOtherIsNamedWithoutASuggestion() {
    Cli.Result result = cli().run("get", "o-1", "--colour", "red");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines().findFirst().orElseThrow()).isEqualTo("orderflow: Unknown option: '--colour'");
  }

  @Test
  void aMissingOptionIsStillNamedWhenNothingIsMistyped() {
    Cli.Result result = cli().run("post", "--name", "Pizza");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().lines().findFirst().orElseThrow()).startsWith("orderflow: Missing required options")
        .contains("--quantity", "--restaurant");
  }

  private Cli cli() {
    return new Cli(Map.of(), home);
  }
}
