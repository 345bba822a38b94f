package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.constructs.internal.Nag;
import dev.orderflow.constructs.testing.StackChecks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.appsync.FieldLogLevel;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;

class EventDrivenOrderApiTest implements StackChecks {

  private static Stack stack;
  private static Template template;
  private static EventDrivenOrderApi orders;

  @BeforeAll
  static void synthesize() {
    stack = new Stack(new App(), "Orders", StackProps.builder()
        .env(Environment.builder().account("123456789012").region("eu-west-1").build())
        .build());
    Key key = Key.Builder.create(stack, "Key").enableKeyRotation(true).build();
    Topic alarms = new Topic(stack, "Alarms", software.amazon.awscdk.services.sns.TopicProps.builder()
        .masterKey(key).enforceSsl(true).build());
    orders = new EventDrivenOrderApi(stack, "Orders", EventDrivenOrderApiProps.builder()
        .encryptionKey(key)
        .workflowType(WorkflowType.STANDARD)
        .addNotificationEmails("orders@example.com")
        .queueProps(OrderQueueProps.builder().maxReceiveCount(5).build())
        .alarmTopic(alarms)
        .build());
    Role reader = Role.Builder.create(stack, "Reader").assumedBy(new AccountRootPrincipal()).build();
    orders.grantReadOrders(reader);
    // The reader is the user's own role: its grant covers the table's indexes, as CDK grants do.
    Validations.of(reader).acknowledge(Acknowledgment.builder()
        .id("AwsSolutions-IAM5[Resource::" + Nag.resource(stack, orders.getTable().getTableArn()) + "/index/*]")
        .reason("reads the byCustomer index of the orders table")
        .build());
    template = Template.fromStack(stack);
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void exposesEveryPart() {
    assertThat(orders.getOrderTable()).isNotNull();
    assertThat(orders.getOrderQueue().getDeadLetterQueue()).isNotNull();
    assertThat(orders.getWorkflow().getWorkflowType()).isEqualTo(WorkflowType.STANDARD);
    assertThat(orders.getPipe().getPipe()).isNotNull();
    assertThat(orders.getGraphqlApi().getApi()).isSameAs(orders.getApi());
    assertThat(orders.getNotifier().getTopic()).isNotNull();
    assertThat(orders.getMonitoring().getAlarms()).hasSize(14);
  }

  @Test
  void encryptsTableQueuesAndTopicWithTheOneKey() {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
        "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
        "Replicas", List.of(Match.objectLike(Map.of("SSESpecification",
            Map.of("KMSMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Key"), "Arn"))))))));
    template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of(
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Key"), "Arn"))), 4);
    template.resourceCountIs("AWS::SQS::Queue", 4);
    template.hasResourceProperties("AWS::SNS::Topic", Map.of(
        "KmsMasterKeyId", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Key"), "Arn")),
        "DisplayName", "Order status"));
  }

  @Test
  void startsAStandardWorkflowWithoutWaiting() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("StateMachineType", "STANDARD"));
    template.hasResourceProperties("AWS::Pipes::Pipe", Map.of("TargetParameters", Map.of(
        "StepFunctionStateMachineParameters", Map.of("InvocationType", "FIRE_AND_FORGET"))));
  }

  @Test
  void passesTheQueuePropsThrough() {
    template.hasResourceProperties("AWS::SQS::Queue", Map.of(
        "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 5))));
  }

  @Test
  void carriesEachPartsPropsToItsResources() {
    Stack own = new Stack(new App(), "Tuned");
    Queue deadLetters = Queue.Builder.create(own, "MyDeadLetters").enforceSsl(true).build();
    Queue orderQueue = Queue.Builder.create(own, "MyOrders").enforceSsl(true)
        .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(2).build())
        .build();
    EventDrivenOrderApi tuned = new EventDrivenOrderApi(own, "Orders", EventDrivenOrderApiProps.builder()
        .queueProps(OrderQueueProps.builder().existingQueue(orderQueue).existingDeadLetterQueue(deadLetters).build())
        .pipeProps(QueueToStateMachinePipeOptions.builder()
            .batchSize(5).logRetention(RetentionDays.THREE_DAYS).build())
        .workflowProps(OrderWorkflowOptions.builder().logRetention(RetentionDays.FIVE_DAYS).build())
        .apiProps(OrderGraphqlApiOptions.builder()
            .fieldLogLevel(FieldLogLevel.ALL).logRetention(RetentionDays.ONE_WEEK).build())
        .notifierProps(OrderStatusNotifierOptions.builder()
            .startingPosition("TRIM_HORIZON").batchSize(5).maximumRetryAttempts(7)
            .maximumRecordAge(Duration.minutes(30)).logRetention(RetentionDays.TWO_WEEKS).build())
        .monitoringProps(OrderMonitoringOptions.builder()
            .maxOrderAge(Duration.minutes(15)).maxApiLatency(Duration.millis(1500))
            .dashboardName("pizza-orders").build())
        .build());
    Template tunedTemplate = Template.fromStack(own);
    Map<String, Map<String, Object>> resources = cast(tunedTemplate.toJSON().get("Resources"));

    tunedTemplate.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "Source", Map.of("Fn::GetAtt", List.of(own.getLogicalId((CfnResource) orderQueue.getNode().getDefaultChild()), "Arn")),
        "SourceParameters", Map.of("SqsQueueParameters", Match.objectLike(Map.of("BatchSize", 5)))));
    assertThat(tunedTemplate.findResources("AWS::SQS::Queue").keySet())
        .as("no queue of its own beside the two given").noneMatch(id -> id.startsWith("OrdersQueue"))
        .contains(own.getLogicalId((CfnResource) deadLetters.getNode().getDefaultChild()));
    tunedTemplate.hasResourceProperties("AWS::Pipes::Pipe", Map.of("SourceParameters", Map.of(
        "DynamoDBStreamParameters", Match.objectLike(Map.of("StartingPosition", "TRIM_HORIZON", "BatchSize", 5,
            "MaximumRetryAttempts", 7, "MaximumRecordAgeInSeconds", 1800)))));
    assertThat(Map.of(
        "pipe", retention(resources, own, tuned.getPipe().getLogGroup()),
        "workflow", retention(resources, own, tuned.getWorkflow().getLogGroup()),
        "api", retention(resources, own, tuned.getGraphqlApi().getLogGroup()),
        "notifier", retention(resources, own, tuned.getNotifier().getLogGroup())))
        .isEqualTo(Map.of("pipe", 3, "workflow", 5, "api", 7, "notifier", 14));
    tunedTemplate.hasResourceProperties("AWS::AppSync::GraphQLApi",
        Map.of("LogConfig", Match.objectLike(Map.of("FieldLogLevel", "ALL"))));
    assertThat(threshold(resources, own, tuned.getMonitoring(), "OldestOrderAge")).isEqualTo(900);
    assertThat(threshold(resources, own, tuned.getMonitoring(), "ApiLatency")).isEqualTo(1500);
    tunedTemplate.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "pizza-orders"));
  }

  @Test
  void rejectsAnOutOfRangeSettingWhenItsOptionsAreBuilt() {
    assertThatThrownBy(() -> OrderStatusNotifierOptions.builder().maximumRetryAttempts(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumRetryAttempts must be from 0 to 10000, but -1 was provided");
  }

  @Test
  void sendsEveryAlarmToTheAlarmTopic() {
    template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Map.of(
        "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("^Alarms"))),
        "OKActions", List.of(Map.of("Ref", Match.stringLikeRegexp("^Alarms")))), 14);
  }

  @Test
  void letsAGranteeReadOrders() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^Reader"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Action", Match.arrayWith(List.of("dynamodb:Query", "dynamodb:GetItem")))))))));
  }

  @Test
  void rejectsAClaimLeaseThatAHandedBackMessageWouldOutlast() {
    assertThatThrownBy(() -> EventDrivenOrderApiProps.builder()
            .workflowProps(OrderWorkflowOptions.builder().claimLease(Duration.minutes(6)).build())
            .build())
        .hasMessage("workflowProps.claimLease must be shorter than queueProps.visibilityTimeout (6 minutes),"
            + " but 6 minutes was provided");
  }

  @Test
  void rejectsAQueueKeyBesideTheTopLevelKey() {
    assertThatThrownBy(() -> EventDrivenOrderApiProps.builder()
            .queueProps(OrderQueueProps.builder().encryptionKey(new Key(new Stack(), "K")).build())
            .build())
        .hasMessage("queueProps.encryptionKey must not be set: the top-level encryptionKey encrypts the queues with the rest");
  }

  @Test
  void explainsThatACustomerManagedKeyNeedsARegion() {
    assertThatThrownBy(() -> new EventDrivenOrderApi(new Stack(new App(), "Agnostic"), "Orders",
            EventDrivenOrderApiProps.builder().encryptionKey(new Key(new Stack(), "K")).build()))
        .hasMessageStartingWith("encryptionKey needs a stack with an explicit region (StackProps.env), but Agnostic is region-agnostic");
  }

  @Test
  void rejectsAMalformedNotificationEmailAtConstruction() {
    assertThatThrownBy(() -> new EventDrivenOrderApi(new Stack(), "Orders", EventDrivenOrderApiProps.builder()
            .addNotificationEmails("not-an-address")
            .build()))
        .hasMessageContaining("\"not-an-address\" is not one");
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> cast(Object map) {
    return (Map<String, V>) map;
  }

  private static Map<String, Object> properties(Map<String, Map<String, Object>> resources, Stack in,
      CfnResource resource) {
    return cast(resources.get(in.getLogicalId(resource)).get("Properties"));
  }

  private static Object retention(Map<String, Map<String, Object>> resources, Stack in, ILogGroup logGroup) {
    return properties(resources, in, (CfnResource) logGroup.getNode().getDefaultChild()).get("RetentionInDays");
  }

  private static Object threshold(Map<String, Map<String, Object>> resources, Stack in, OrderMonitoring monitoring,
      String alarmId) {
    return properties(resources, in, (CfnResource) monitoring.getNode().findChild(alarmId).getNode().getDefaultChild())
        .get("Threshold");
  }
}
