package dev.orderflow.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.iam.AccessDecision.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example's synthesized stack (the committed snapshot): what its own policies let each role do. */
class IamExampleStackTest {

  private static final Path SNAPSHOT = Path.of("../../examples/pizza-orders/src/test/resources/snapshots/PizzaOrders.template.json");
  private static final String API_ID = "exampleapi";

  private static final List<String> LOG = new CopyOnWriteArrayList<>();
  private static TemplateResolver resolver;
  private static StackPolicies policies;

  @BeforeAll
  static void readTheStack() {
    StackTemplate template = StackTemplate.of(SNAPSHOT, "PizzaOrders");
    ReferenceRegistry registry = new ReferenceRegistry(template, AwsEnvironment.DEFAULT);
    // What the API, the bus and the rule register when their services run them.
    String apiArn = AwsEnvironment.DEFAULT.arn("appsync", "apis/" + API_ID);
    registry.register("PizzaOrdersApi56765CCB", apiArn, Map.of("ApiId", API_ID, "Arn", apiArn, "GraphQLEndpointArn", apiArn));
    registry.register("PizzaOrdersEventsBus06DE34D5", "orders",
        Map.of("Arn", AwsEnvironment.DEFAULT.arn("events", "event-bus/orders"), "Name", "orders"));
    registry.register("PizzaOrdersEventsPublishRuleB968E7A2", "orders|publish",
        Map.of("Arn", AwsEnvironment.DEFAULT.arn("events", "rule/orders/publish")));
    resolver = new TemplateResolver(registry);
    policies = StackPolicies.read(resolver, LOG::add);
  }

  private static String arn(String logicalId) {
    return attribute(logicalId, "Arn");
  }

  private static String attribute(String logicalId, String name) {
    ObjectNode getAtt = JsonNodeFactory.instance.objectNode();
    getAtt.putArray("Fn::GetAtt").add(logicalId).add(name);
    return resolver.resolve(getAtt).asText();
  }

  private static AccessDecision decide(String roleLogicalId, String action, String resource) {
    return policies.decide(AccessRequest.of(arn(roleLogicalId), action, resource));
  }

  private static final String WORKFLOW_ROLE = "PizzaOrdersWorkflowStateMachineRole6E51F28F";
  private static final String PIPE_ROLE = "PizzaOrdersPipeRole66428B05";
  private static final String QUEUE_DATA_SOURCE_ROLE = "PizzaOrdersApiOrdersQueueServiceRoleD02CF2E3";
  private static final String TABLE = "PizzaOrdersTable3440971A";
  private static final String QUEUE = "PizzaOrdersQueue688D237F";
  private static final String STATE_MACHINE = "PizzaOrdersWorkflowStateMachineD87E36BF";

  @Test
  void readsEveryRoleOfTheStackWithoutWarnings() {
    assertThat(policies.roleArns()).hasSize(9).contains(arn(WORKFLOW_ROLE), arn(PIPE_ROLE), arn(QUEUE_DATA_SOURCE_ROLE));
    assertThat(LOG).isEmpty();
  }

  @Test
  void workflowRoleMayUpdateTheOrdersTableAndInvokeThePaymentFunction() {
    String payment = arn("PizzaOrdersWorkflowPaymentFunctionF391DB4E");

    assertThat(decide(WORKFLOW_ROLE, "dynamodb:UpdateItem", arn(TABLE)).allowed()).isTrue();
    assertThat(decide(WORKFLOW_ROLE, "lambda:InvokeFunction", payment).allowed()).isTrue();
    assertThat(decide(WORKFLOW_ROLE, "lambda:InvokeFunction", payment + ":live").allowed()).isTrue();
  }

  @Test
  void workflowRoleMayDoNothingItWasNotGranted() {
    AccessDecision deleteTable = decide(WORKFLOW_ROLE, "dynamodb:DeleteTable", arn(TABLE));

    assertThat(deleteTable.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(deleteTable.message()).contains(":assumed-role/" + arn(WORKFLOW_ROLE).substring(arn(WORKFLOW_ROLE).indexOf('/') + 1))
        .endsWith("because no identity-based policy allows the dynamodb:DeleteTable action");
    assertThat(decide(WORKFLOW_ROLE, "dynamodb:PutItem", arn(TABLE)).allowed()).isFalse();
    assertThat(decide(WORKFLOW_ROLE, "sqs:SendMessage", arn(QUEUE)).allowed()).isFalse();
    assertThat(decide(WORKFLOW_ROLE, "states:StartSyncExecution", attribute(STATE_MACHINE, "Arn")).allowed()).isFalse();
  }

  @Test
  void orderPipeRoleMayReadTheQueueAndStartTheStateMachineSynchronously() {
    String stateMachine = attribute(STATE_MACHINE, "Arn");

    assertThat(decide(PIPE_ROLE, "states:StartSyncExecution", stateMachine).allowed()).isTrue();
    for (String read : List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility")) {
      assertThat(decide(PIPE_ROLE, read, arn(QUEUE)).allowed()).as(read).isTrue();
    }
    assertThat(decide(PIPE_ROLE, "states:StartExecution", stateMachine).allowed()).isFalse();
    assertThat(decide(PIPE_ROLE, "sqs:SendMessage", arn(QUEUE)).allowed()).isFalse();
    assertThat(decide(PIPE_ROLE, "sqs:ReceiveMessage", arn("PizzaOrdersQueueDeadLetterQueue6BFF49E6")).allowed()).isFalse();
  }

  @Test
  void queueDataSourceRoleMaySendToTheOrderQueueDespiteItsTlsOnlyPolicyButToNoOtherQueue() {
    AccessDecision send = decide(QUEUE_DATA_SOURCE_ROLE, "sqs:SendMessage", arn(QUEUE));

    assertThat(send.allowed()).isTrue();
    assertThat(send.reason()).isEqualTo("allowed by identity-based policy "
        + "PizzaOrdersApiOrdersQueueServiceRoleDefaultPolicyC1E7BBF1 (AWS::IAM::Policy), statement 1");
    assertThat(decide(QUEUE_DATA_SOURCE_ROLE, "sqs:SendMessage", arn("PizzaOrdersQueueDeadLetterQueue6BFF49E6")).allowed())
        .isFalse();
    assertThat(decide(QUEUE_DATA_SOURCE_ROLE, "sqs:ReceiveMessage", arn(QUEUE)).allowed()).isFalse();
  }

  @Test
  void tableDataSourceRoleMayQueryTheIndexAndBatchReadTheOrdersTableButNoOtherTable() {
    String role = "PizzaOrdersApiOrdersTableServiceRole7C7849F8";
    AccessDecision batchGet = decide(role, "dynamodb:BatchGetItem", arn(TABLE));

    assertThat(batchGet.allowed()).isTrue();
    assertThat(batchGet.reason()).isEqualTo("allowed by identity-based policy "
        + "PizzaOrdersApiOrdersTableServiceRoleDefaultPolicy23A5CE7B (AWS::IAM::Policy), statement 1");
    assertThat(decide(role, "dynamodb:Query", arn(TABLE) + "/index/byCustomer").allowed()).isTrue();
    assertThat(decide(role, "dynamodb:BatchGetItem",
        "arn:aws:dynamodb:us-east-1:000000000000:table/another-table").allowed()).isFalse();
  }

  @Test
  void notifierPipeRoleMayPublishToTheTopicAndReadTheTableStream() {
    String notifier = "PizzaOrdersNotifierRoleD6FB0076";
    String topic = attribute("PizzaOrdersNotifierTopic382C4E5A", "TopicArn");

    assertThat(decide(notifier, "sns:Publish", topic).allowed()).isTrue();
    assertThat(decide(notifier, "dynamodb:GetRecords", attribute(TABLE, "StreamArn")).allowed()).isTrue();
    assertThat(decide(notifier, "dynamodb:GetRecords", arn(TABLE)).allowed()).isFalse();
  }

  @Test
  void eventsRuleRoleMayCallOnlyThePublishOrderUpdateField() {
    String role = "PizzaOrdersEventsPublishRole5643402C";
    String fields = "arn:aws:appsync:us-east-1:000000000000:apis/" + API_ID + "/types/Mutation/fields/";

    assertThat(decide(role, "appsync:GraphQL", fields + "publishOrderUpdate").allowed()).isTrue();
    assertThat(decide(role, "appsync:GraphQL", fields + "postOrder").allowed()).isFalse();
  }

  @Test
  void eventsRuleMayDeliverFailedEventsToItsDeadLetterQueueAndAnotherRuleMayNot() {
    String dlq = arn("PizzaOrdersEventsPublishDeadLetterQueue0C1A7E68");
    String rule = arn("PizzaOrdersEventsPublishRuleB968E7A2");

    assertThat(policies.decide(AccessRequest.fromService("events.amazonaws.com", rule, "sqs:SendMessage", dlq)).allowed())
        .isTrue();
    assertThat(policies.decide(AccessRequest.fromService("events.amazonaws.com", rule + "-other", "sqs:SendMessage", dlq))
        .allowed()).isFalse();
  }

  @Test
  void pipesMayAssumeThePipeRoleOnlyForThisAccount() {
    String pipe = arn("PizzaOrdersPipeAB650738");
    String role = arn(PIPE_ROLE);

    assertThat(policies.decide(AccessRequest.fromService("pipes.amazonaws.com", pipe, "sts:AssumeRole", role)).allowed())
        .isTrue();
    assertThat(policies.decide(AccessRequest.fromService("pipes.amazonaws.com",
        "arn:aws:pipes:us-east-1:111111111111:pipe/elsewhere", "sts:AssumeRole", role)).allowed()).isFalse();
    assertThat(policies.decide(AccessRequest.fromService("states.amazonaws.com", pipe, "sts:AssumeRole", role)).allowed())
        .isFalse();
  }
}
