package dev.orderflow.examples.pizza;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

class PizzaOrdersStackTest {

  private static Template template;

  @BeforeAll
  static void synthesize() {
    template = Template.fromStack(new PizzaOrdersStack(new App(), "PizzaOrders", StackProps.builder().build()));
  }

  @Test
  void deploysThePaymentStepAsTheOnlyFunction() {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    assertThat(template.findResources("AWS::Lambda::Function", Map.of(
        "Properties", Map.of("Handler", "dev.orderflow.runtime.payment.PaymentHandler::handleRequest"))))
        .hasSize(1);
  }

  @Test
  void buffersOrdersInAQueueThatAPipeFeedsToTheWorkflow() {
    template.resourceCountIs("AWS::SQS::Queue", 2);
    template.resourceCountIs("AWS::Pipes::Pipe", 1);
    template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    template.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Delete"));
  }
}
