package dev.orderflow.constructs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Stage;

/**
 * What aws-cdk-lib's synth-time template validation (the {@code CloudFormation Validate} plugin:
 * resource schemas and CloudFormation rules) reported for an app that has been synthesized.
 * aws-cdk-lib reports these findings as warnings and lets synthesis succeed; this makes them a
 * test failure.
 */
public final class TemplateValidationFindings {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TemplateValidationFindings() {}

  /**
   * The findings in the validation report of {@code stage}'s last synthesis, one line each:
   * {@code rule at construct path: description}.
   *
   * @throws IllegalStateException if the stage has not been synthesized or wrote no report
   */
  public static List<String> of(Stage stage) {
    Path report = Path.of(stage.getOutdir(), "validation-report.json");
    if (!Files.isRegularFile(report)) {
      throw new IllegalStateException("No validation report at " + report + ": synthesize the app first"
          + " (Template.fromStack does) and leave CDK_VALIDATION unset");
    }
    List<String> findings = new ArrayList<>();
    try {
      for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
        for (JsonNode violation : plugin.path("violations")) {
          for (JsonNode construct : violation.path("violatingConstructs")) {
            findings.add(violation.path("ruleName").asText() + " at " + construct.path("constructPath").asText()
                + ": " + violation.path("description").asText());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + report, e);
    }
    return findings;
  }
}
