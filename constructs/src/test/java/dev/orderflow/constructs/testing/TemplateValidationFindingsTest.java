package dev.orderflow.constructs.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

class TemplateValidationFindingsTest {

  @Test
  void reportsAPropertyOutsideItsSchemaRange() {
    App app = new App();
    Stack stack = new Stack(app, "BrokenQueueStack");
    CfnResource.Builder.create(stack, "Broken").type("AWS::SQS::Queue")
        .properties(Map.of("VisibilityTimeout", 99_999))
        .build();
    Template.fromStack(stack);

    assertThat(TemplateValidationFindings.of(app))
        .singleElement().asString()
        .startsWith("F3034 at BrokenQueueStack/Broken: VisibilityTimeout: 99999 is greater than the maximum of 43200");
  }

  @Test
  void refusesAnAppThatWasNotSynthesized() {
    App app = new App();
    new Stack(app, "Unsynthesized");

    assertThatThrownBy(() -> TemplateValidationFindings.of(app))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No validation report");
  }
}
