package dev.orderflow.constructs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Stage;

/**
 * The checks every synthesized stack of OrderFlow passes, for a test class to implement: cdk-nag's
 * {@code AwsSolutionsChecks} and {@code ServerlessChecks} with nothing unacknowledged, and
 * aws-cdk-lib's CloudFormation template validation with no finding at all.
 */
public interface StackChecks {

  /** The stack under test, synthesized (for example by {@code Template.fromStack}) before the tests run. */
  Stack checkedStack();

  @Test
  default void passesTheSecurityAndServerlessRules() {
    assertThat(NagFindings.of(checkedStack())).isEmpty();
  }

  @Test
  default void passesAwsCdkLibsCloudFormationTemplateValidation() {
    assertThat(TemplateValidationFindings.of(Stage.of(checkedStack()))).isEmpty();
  }
}
