package dev.orderflow.examples.pizza;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.constructs.testing.StackChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The whole pizza-order system, synthesized once and checked as one. */
// Uses the CDK in its tests (one jsii runtime for the JVM): nothing runs beside it.
@Isolated
class PizzaOrdersStackTest implements StackChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The only actions allowed on resource "*", each because AWS offers no narrower resource for it:
   * X-Ray (tracing), CloudWatch Logs delivery (Step Functions logging) and DynamoDB ListStreams.
   */
  private static final Set<String> ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS = Set.of(
      "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
      "dynamodb:ListStreams");

  private static PizzaOrdersStack stack;
  private static Template template;
  private static JsonNode resources;

  @BeforeAll
  static void synthesize() {
    // The run's one synth of the example, which the end-to-end tests run too.
    SynthesizedExample example = SynthesizedExample.get();
    stack = example.stack();
    template = Template.fromJSON(example.template());
    resources = JSON.valueToTree(template.toJSON()).get("Resources");
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void hasExactlyOneLambdaFunctionThePaymentStep() {
    template.resourceCountIs("AWS::Lambda::Function", 1);
    template.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", "dev.orderflow.runtime.payment.PaymentHandler::handleRequest"));
  }

  @Test
  void hasNoCustomResources() {
    List<String> custom = new ArrayList<>();
    resources.forEach(r -> {
      String type = r.get("Type").asText();
      if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
        custom.add(type);
      }
    });
    assertThat(custom).isEmpty();
  }

  @Test
  void composesTheWholeOrderFlow() {
    template.resourceCountIs("AWS::AppSync::GraphQLApi", 1);
    // The order pipe, the notifier pipe, and the order events pipe to the bus.
    template.resourceCountIs("AWS::Pipes::Pipe", 3);
    template.resourceCountIs("AWS::Events::EventBus", 1);
    template.resourceCountIs("AWS::Events::Rule", 1);
    template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
    template.resourceCountIs("AWS::DynamoDB::GlobalTable", 1);
    template.resourceCountIs("AWS::SNS::Topic", 1);
    template.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Delete"));
  }

  @Test
  void leavesOrderEventsOutWhenTheContextSaysSoAsTheLibraryDoesByDefault() {
    App app = new App(AppProps.builder().context(Map.of("orderEvents", "false")).build());
    Template withoutEvents = Template.fromStack(new PizzaOrdersStack(app, "PizzaOrders", StackProps.builder().build()));

    // The order pipe and the notifier pipe; no bus, no rule, no bus output.
    withoutEvents.resourceCountIs("AWS::Pipes::Pipe", 2);
    withoutEvents.resourceCountIs("AWS::Events::EventBus", 0);
    withoutEvents.resourceCountIs("AWS::Events::Rule", 0);
    assertThat(withoutEvents.findOutputs("EventBusName")).isEmpty();
  }

  @Test
  void protectsTheApiWithAKeyThatExpires() {
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of("AuthenticationType", "API_KEY"));
    // Without apiKeyExpiry in the context, AppSync's default expiry of 7 days applies.
    template.hasResourceProperties("AWS::AppSync::ApiKey", Map.of("Expires", Match.absent()));
  }

  @Test
  void emailsTheAddressFromTheContext() {
    template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", "pizza@example.com"));
  }

  @Test
  void outputsTheGraphqlUrlTheApiKeyIdAndTheRegion() {
    template.hasOutput("GraphqlUrl", Map.of("Value", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "GraphQLUrl"))));
    template.hasOutput("ApiKeyId", Map.of("Value", Map.of("Fn::GetAtt", List.of(Match.anyValue(), "ApiKeyId"))));
    template.hasOutput("Region", Map.of("Value", Map.of("Ref", "AWS::Region")));
    template.hasOutput("EventBusName", Map.of("Value", Map.of("Ref", Match.anyValue())));
  }

  @Test
  void alarmsOnEveryWayAnOrderCanGoWrong() {
    List<String> alarms = new ArrayList<>();
    template.findResources("AWS::CloudWatch::Alarm").forEach((id, alarm) -> alarms.add(id.replaceAll("[0-9A-F]{8}$", "")));
    assertThat(alarms).containsExactlyInAnyOrder(
        "PizzaOrdersMonitoringApiServerErrors", "PizzaOrdersMonitoringApiLatency",
        "PizzaOrdersMonitoringOldestOrderAge", "PizzaOrdersMonitoringOrdersInDeadLetterQueue",
        "PizzaOrdersMonitoringOrderPipeFailures", "PizzaOrdersMonitoringOrdersFailedInBatch",
        "PizzaOrdersMonitoringFailedWorkflowRuns", "PizzaOrdersMonitoringTimedOutWorkflowRuns",
        "PizzaOrdersMonitoringThrottledWorkflowRuns", "PizzaOrdersMonitoringPaymentErrors",
        "PizzaOrdersMonitoringPaymentThrottles",
        "PizzaOrdersMonitoringNotifierPipeFailures", "PizzaOrdersMonitoringNotificationsInDeadLetterQueue",
        "PizzaOrdersMonitoringEmailsInDeadLetterQueue", "PizzaOrdersMonitoringOrderEventsPipeFailures",
        "PizzaOrdersMonitoringOrderEventsInDeadLetterQueue", "PizzaOrdersMonitoringOrderUpdatesInDeadLetterQueue");
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  @Test
  void grantsNoWildcardActionAndAWildcardResourceOnlyWhereAwsOffersNothingNarrower() {
    List<String> violations = new ArrayList<>();
    int[] statementsRead = {0};
    resources.fields().forEachRemaining(entry -> {
      JsonNode resource = entry.getValue();
      String type = resource.get("Type").asText();
      List<JsonNode> documents = new ArrayList<>();
      if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy")) {
        documents.add(resource.at("/Properties/PolicyDocument"));
      } else if (type.equals("AWS::IAM::Role")) {
        resource.at("/Properties/Policies").forEach(p -> documents.add(p.get("PolicyDocument")));
        assertThat(resource.at("/Properties/ManagedPolicyArns").isMissingNode())
            .as("role %s uses no AWS managed policy", entry.getKey()).isTrue();
      }
      for (JsonNode document : documents) {
        for (JsonNode statement : document.get("Statement")) {
          statementsRead[0]++;
          List<String> actions = texts(statement.get("Action"));
          boolean anyResource = texts(statement.get("Resource")).contains("*");
          for (String action : actions) {
            if (action.equals("*") || action.endsWith(":*")) {
              violations.add(entry.getKey() + " allows every action: " + action);
            }
            if (anyResource && !ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.contains(action)) {
              violations.add(entry.getKey() + " allows " + action + " on every resource");
            }
          }
        }
      }
    });
    assertThat(statementsRead[0]).as("policy statements read").isGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node == null) {
      return texts;
    }
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.isTextual() ? n.asText() : n.toString()));
    } else {
      texts.add(node.isTextual() ? node.asText() : node.toString());
    }
    return texts;
  }
}
