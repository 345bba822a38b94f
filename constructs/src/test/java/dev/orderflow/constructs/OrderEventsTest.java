package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.constructs.testing.StackChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.events.EventBus;

/** The order events of {@link EventDrivenOrderApi}: the bus, the pipe, the rule, the IAM-only mutation. */
class OrderEventsTest implements StackChecks {

  private static Stack stack;
  private static Template template;
  private static EventDrivenOrderApi orders;

  @BeforeAll
  static void synthesize() {
    stack = new Stack(new App(), "Orders", StackProps.builder()
        .env(Environment.builder().account("123456789012").region("eu-west-1").build())
        .build());
    orders = new EventDrivenOrderApi(stack, "Orders", EventDrivenOrderApiProps.builder()
        .orderEvents(true)
        .build());
    template = Template.fromStack(stack);
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void makesABusAndPutsOrderChangesOnItThroughAPipe() {
    template.resourceCountIs("AWS::Events::EventBus", 1);
    template.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "Source", Map.of("Fn::GetAtt", List.of(logicalId(orders.getOrderTable().getTable()), "StreamArn")),
        "Target", Map.of("Fn::GetAtt", List.of(logicalId(orders.getOrderEvents().getEventBus()), "Arn")),
        "TargetParameters", Map.of(
            "EventBridgeEventBusParameters", Map.of("DetailType", "OrderStatusChanged", "Source", "orderflow.orders"),
            "InputTemplate", OrderEvents.DETAIL_TEMPLATE),
        "SourceParameters", Match.objectLike(Map.of("FilterCriteria", Map.of("Filters", List.of(
            Map.of("Pattern", OrderEvents.FILTER_PATTERNS.get(0)),
            Map.of("Pattern", OrderEvents.FILTER_PATTERNS.get(1)),
            Map.of("Pattern", OrderEvents.FILTER_PATTERNS.get(2))))))));
  }

  @Test
  void keepsTheEmailNotifierPipeAsItWas() {
    template.hasResourceProperties("AWS::Pipes::Pipe", Match.objectLike(Map.of(
        "SourceParameters", Match.objectLike(Map.of("FilterCriteria",
            Map.of("Filters", List.of(Map.of("Pattern", OrderStatusNotifier.FILTER_PATTERN))))))));
    template.resourceCountIs("AWS::Pipes::Pipe", 3);
  }

  @Test
  void hasOneRuleThatCallsPublishOrderUpdateAsItsRole() {
    template.resourceCountIs("AWS::Events::Rule", 1);
    template.hasResourceProperties("AWS::Events::Rule", Map.of(
        "EventBusName", Map.of("Ref", logicalId(orders.getOrderEvents().getEventBus())),
        "EventPattern", Map.of("source", List.of("orderflow.orders"), "detail-type", List.of("OrderStatusChanged")),
        "Targets", List.of(Match.objectLike(Map.of(
            "Arn", Map.of("Fn::GetAtt", List.of(logicalId(orders.getApi()), "GraphQLEndpointArn")),
            "RoleArn", Map.of("Fn::GetAtt", List.of(logicalId(orders.getOrderEvents().getPublishRole()), "Arn")),
            "AppSyncParameters", Map.of("GraphQLOperation", OrderEvents.PUBLISH_OPERATION),
            "InputTransformer", Map.of("InputPathsMap", Map.of("detail", "$.detail"),
                "InputTemplate", "{\"input\":<detail>}"),
            "DeadLetterConfig", Match.anyValue(),
            "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 900, "MaximumRetryAttempts", 8))))));
  }

  @Test
  void allowsTheRulesRoleOnlyPublishOrderUpdate() {
    String role = logicalId(orders.getOrderEvents().getPublishRole());
    Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::Policy",
        Map.of("Properties", Map.of("Roles", List.of(Map.of("Ref", role)))));
    assertThat(policies).hasSize(1);
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", role)),
        "PolicyDocument", Match.objectLike(Map.of("Statement", List.of(Map.of(
            "Action", "appsync:GraphQL",
            "Effect", "Allow",
            "Resource", Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":appsync:eu-west-1:123456789012:apis/",
                Map.of("Fn::GetAtt", List.of(logicalId(orders.getApi()), "ApiId")),
                "/types/Mutation/fields/publishOrderUpdate")))))))));
    template.hasResourceProperties("AWS::IAM::Role", Map.of(
        "AssumeRolePolicyDocument", Match.objectLike(Map.of("Statement", List.of(Match.objectLike(Map.of(
            "Principal", Map.of("Service", "events.amazonaws.com"))))))));
  }

  @Test
  void opensPublishOrderUpdateToIamAloneAndAddsIamToTheApi() {
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "API_KEY",
        "AdditionalAuthenticationProviders", List.of(Map.of("AuthenticationType", "AWS_IAM"))));
    String schema = schemaDefinition();
    assertThat(schema).contains("publishOrderUpdate(input: PublishedOrderInput!): Order @aws_iam\n");
    assertThat(schema).contains(
        "onOrderUpdated(id: ID): Order @aws_subscribe(mutations: [\"publishOrderUpdate\"])");
    assertThat(schema).contains("type Subscription @aws_api_key @aws_iam {");
    template.hasResourceProperties("AWS::AppSync::DataSource", Map.of("Name", "OrderUpdates", "Type", "NONE"));
  }

  @Test
  void leavesTheApiWithoutRealtimePartsWhenOrderEventsAreOff() {
    Stack plain = new Stack(new App(), "Plain");
    EventDrivenOrderApi off = new EventDrivenOrderApi(plain, "Orders");
    Template offTemplate = Template.fromStack(plain);
    offTemplate.resourceCountIs("AWS::Events::EventBus", 0);
    offTemplate.resourceCountIs("AWS::Events::Rule", 0);
    assertThat(off.getOrderEvents()).isNull();
    assertThat(off.getGraphqlApi().isRealtime()).isFalse();
    assertThat(OrderGraphqlApi.schema(AuthorizationConfig.builder().build()))
        .doesNotContain("Subscription").doesNotContain("publishOrderUpdate").doesNotContain("{{");
  }

  @Test
  void putsTheEventsOnABusTheUserBrings() {
    Stack own = new Stack(new App(), "Own");
    EventBus bus = EventBus.Builder.create(own, "Shared").build();
    EventDrivenOrderApi withBus = new EventDrivenOrderApi(own, "Orders", EventDrivenOrderApiProps.builder()
        .orderEvents(true)
        .existingEventBus(bus)
        .orderEventsProps(OrderEventsOptions.builder().eventSource("pizza.orders").build())
        .build());
    Template ownTemplate = Template.fromStack(own);
    ownTemplate.resourceCountIs("AWS::Events::EventBus", 1);
    assertThat(withBus.getOrderEvents().getEventBus()).isSameAs(bus);
    ownTemplate.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
        "EventBusName", Map.of("Ref", logicalId(bus)),
        "EventPattern", Map.of("source", List.of("pizza.orders"), "detail-type", List.of("OrderStatusChanged")))));
  }

  @Test
  void keepsAnIamModeTheUserAlreadyHasWithoutAddingASecond() {
    Stack own = new Stack(new App(), "Iam");
    new EventDrivenOrderApi(own, "Orders", EventDrivenOrderApiProps.builder()
        .orderEvents(true)
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build())
            .build())
        .build());
    Template.fromStack(own).hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AWS_IAM", "AdditionalAuthenticationProviders", Match.absent()));
  }

  @Test
  void rejectsABusWithoutOrderEvents() {
    Stack own = new Stack(new App(), "Bad");
    EventBus bus = EventBus.Builder.create(own, "Shared").build();
    assertThatThrownBy(() -> EventDrivenOrderApiProps.builder().existingEventBus(bus).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("existingEventBus was provided, but orderEvents is false: set orderEvents(true) to put order"
            + " events on it");
  }

  @Test
  void rejectsAnEventSourceThatEventBridgeReserves() {
    assertThatThrownBy(() -> OrderEventsOptions.builder().eventSource("aws.orders").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventSource must be 1 to 256 characters and must not start with \"aws.\", but \"aws.orders\""
            + " was provided");
  }

  @Test
  void rejectsARealtimeApiWithoutIam() {
    Stack own = new Stack(new App(), "NoIam");
    OrderTable table = new OrderTable(own, "Table", OrderTableProps.builder().build());
    OrderQueue queue = new OrderQueue(own, "Queue", OrderQueueProps.builder().build());
    assertThatThrownBy(() -> OrderGraphqlApiProps.builder()
        .table(table.getTable()).queue(queue.getQueue()).realtime(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("realtime needs IAM among the authorization modes, but [API_KEY] were provided: add"
            + " AuthorizationType.IAM as an additional mode, for publishOrderUpdate");
  }

  @Test
  void refusesAnApiWithoutRealtimeForTheEvents() {
    Stack own = new Stack(new App(), "NotRealtime");
    OrderTable table = new OrderTable(own, "Table", OrderTableProps.builder().build());
    OrderQueue queue = new OrderQueue(own, "Queue", OrderQueueProps.builder().build());
    OrderGraphqlApi api = new OrderGraphqlApi(own, "Api", OrderGraphqlApiProps.builder()
        .table(table.getTable()).queue(queue.getQueue()).build());
    assertThatThrownBy(() -> new OrderEvents(own, "Events", OrderEventsProps.builder()
        .table(table.getTable()).api(api).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("api must be built with realtime true, but NotRealtime/Api has realtime false: it has no"
            + " publishOrderUpdate for the rule to call");
    software.amazon.awscdk.services.iam.Role someone = software.amazon.awscdk.services.iam.Role.Builder
        .create(own, "Someone").assumedBy(new software.amazon.awscdk.services.iam.AccountRootPrincipal()).build();
    assertThatThrownBy(() -> api.grantPublishOrderUpdate(someone))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("publishOrderUpdate exists only when realtime is true, but NotRealtime/Api was built with realtime false");
  }

  private static String schemaDefinition() {
    Map<String, Map<String, Object>> schemas = template.findResources("AWS::AppSync::GraphQLSchema");
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) schemas.values().iterator().next().get("Properties");
    return (String) properties.get("Definition");
  }

  private static String logicalId(software.constructs.IConstruct construct) {
    software.constructs.IConstruct resource = construct.getNode().getDefaultChild() == null
        ? construct : construct.getNode().getDefaultChild();
    return stack(resource).getLogicalId((software.amazon.awscdk.CfnElement) resource);
  }

  private static Stack stack(software.constructs.IConstruct construct) {
    return Stack.of(construct);
  }
}
