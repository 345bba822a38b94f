package dev.orderflow.constructs.testing;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;
import software.constructs.IConstruct;

/** Runs the cdk-nag packs every construct must pass, and lists what is left unacknowledged. */
public final class NagFindings {

  private NagFindings() {}

  /**
   * The findings of {@code AwsSolutionsChecks} and {@code ServerlessChecks} over {@code scope},
   * one line each: {@code rule at construct path}.
   */
  public static List<String> of(IConstruct scope) {
    List<String> findings = new ArrayList<>();
    for (NagPack pack : List.<NagPack>of(new AwsSolutionsChecks(scope), new ServerlessChecks(scope))) {
      PolicyValidationPluginReport report = pack.validateScope(scope);
      for (PolicyViolation violation : report.getViolations()) {
        for (PolicyViolatingResource resource : violation.getViolatingResources()) {
          findings.add(violation.getRuleName() + " at " + resource.getConstructPath()
              + ": " + violation.getDescription());
        }
      }
    }
    return findings;
  }
}
