package com.example.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orderflow.constructs.EventDrivenOrderApi;
import dev.orderflow.constructs.EventDrivenOrderApiProps;
import dev.orderflow.constructs.OrderEventsOptions;
import dev.orderflow.constructs.OrderGraphqlApiOptions;
import dev.orderflow.constructs.OrderGraphqlApiProps;
import dev.orderflow.constructs.OrderMonitoringOptions;
import dev.orderflow.constructs.OrderQueueProps;
import dev.orderflow.constructs.OrderStatusNotifierOptions;
import dev.orderflow.constructs.OrderWorkflowOptions;
import dev.orderflow.constructs.PaymentFunctionProps;
import dev.orderflow.constructs.PipeLogLevel;
import dev.orderflow.constructs.PipeSettings;
import dev.orderflow.constructs.QueueToStateMachinePipeOptions;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPack;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.pipes.CfnPipe;
import software.amazon.awscdk.services.sns.TopicProps;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.LambdaAuthorizerConfig;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachineProps;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolatingResource;
import software.amazon.awscdk.PolicyViolation;

/**
 * A platform team's own CDK app, outside the library's packages, built the way a user builds one
 * from the published {@code orderflow-constructs} API alone: one customer-managed key for
 * everything, the team's rules (cdk-nag) over the whole stack, and the choices it must be refused.
 * The build runs it after packaging, against the jar as it is published rather than the
 * compiled classes (the {@code published-jar} execution of the module's pom).
 */
class RegulatedTeamAppTest {

  private static final Map<String, Object> THE_KEY = Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^TeamKey"), "Arn"));

  private static Stack stack;
  private static Template template;
  private static EventDrivenOrderApi orders;
  private static Stack tunedStack;
  private static Template tuned;
  private static EventDrivenOrderApi tunedOrders;

  @BeforeAll
  static void synthesize() {
    stack = new Stack(new App(), "Regulated", StackProps.builder()
        .env(Environment.builder().account("123456789012").region("eu-central-1").build())
        .build());
    Key key = Key.Builder.create(stack, "TeamKey").enableKeyRotation(true).build();
    orders = new EventDrivenOrderApi(stack, "Orders", EventDrivenOrderApiProps.builder()
        .encryptionKey(key)
        .orderEvents(true)
        .addNotificationEmails("orders@example.com")
        .build());
    template = Template.fromStack(stack);

    // The escape hatches: the team's own log groups, network and firewall, its settings passed
    // through to the queue, topic and state machine, chosen log levels, and alarms tuned one by one.
    tunedStack = new Stack(new App(), "Tuned", StackProps.builder()
        .env(Environment.builder().account("123456789012").region("eu-central-1").build())
        .build());
    Vpc vpc = Vpc.Builder.create(tunedStack, "Network").maxAzs(2).natGateways(0)
        .subnetConfiguration(List.of(SubnetConfiguration.builder()
            .name("payments").subnetType(SubnetType.PRIVATE_ISOLATED).build()))
        .build();
    SecurityGroup paymentsGroup = SecurityGroup.Builder.create(tunedStack, "PaymentsGroup").vpc(vpc).build();
    LogGroup workflowLogs = LogGroup.Builder.create(tunedStack, "WorkflowLogs").retention(RetentionDays.ONE_YEAR).build();
    LogGroup pipeLogs = LogGroup.Builder.create(tunedStack, "PipeLogs").retention(RetentionDays.ONE_YEAR).build();
    LogGroup notifierLogs = LogGroup.Builder.create(tunedStack, "NotifierLogs").retention(RetentionDays.ONE_YEAR).build();
    tunedOrders = new EventDrivenOrderApi(tunedStack, "Orders", EventDrivenOrderApiProps.builder()
        .paymentFunctionProps(PaymentFunctionProps.builder()
            .vpc(vpc)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build())
            .addSecurityGroups(paymentsGroup)
            .build())
        .queueProps(OrderQueueProps.builder()
            .queueProps(QueueProps.builder().queueName("team-orders").deliveryDelay(Duration.seconds(2)).build())
            .build())
        .topicProps(TopicProps.builder().topicName("team-order-status").build())
        .workflowProps(OrderWorkflowOptions.builder()
            .logGroup(workflowLogs)
            .logLevel(LogLevel.ALL)
            .includeExecutionData(true)
            .stateMachineProps(StateMachineProps.builder().stateMachineName("team-orders").build())
            .build())
        .pipeProps(QueueToStateMachinePipeOptions.builder()
            .logGroup(pipeLogs)
            .logLevel(PipeLogLevel.INFO)
            .pipeSettings(PipeSettings.builder().name("team-orders-in").putTags("cost-centre", "orders").build())
            .build())
        .notifierProps(OrderStatusNotifierOptions.builder()
            .logGroup(notifierLogs).logLevel(PipeLogLevel.TRACE).includeExecutionData(true)
            .pipeSettings(PipeSettings.builder()
                .description("Team order emails")
                .sourceParameters(CfnPipe.PipeSourceParametersProperty.builder()
                    .dynamoDbStreamParameters(CfnPipe.PipeSourceDynamoDBStreamParametersProperty.builder()
                        .startingPosition("LATEST")
                        .parallelizationFactor(2)
                        .build())
                    .build())
                .build())
            .build())
        .orderEvents(true)
        .orderEventsProps(OrderEventsOptions.builder()
            .pipeSettings(PipeSettings.builder()
                .desiredState("STOPPED")
                .targetParameters(CfnPipe.PipeTargetParametersProperty.builder()
                    .eventBridgeEventBusParameters(CfnPipe.PipeTargetEventBridgeEventBusParametersProperty.builder()
                        .resources(List.of("arn:aws:dynamodb:eu-central-1:123456789012:table/team-orders"))
                        .build())
                    .build())
                .build())
            .build())
        .apiProps(OrderGraphqlApiOptions.builder()
            .queryDepthLimit(8)
            .resolverCountLimit(5)
            .webAclArn("arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/orders/0a1b2c3d")
            .build())
        .monitoringProps(OrderMonitoringOptions.builder()
            .addDisabledAlarms("ApiLatency", "PaymentThrottles")
            .putAlarmThresholds("OrdersFailedInBatch", 5.0)
            .build())
        .build());
    tuned = Template.fromStack(tunedStack);
  }

  @Test
  void usesTheLibraryAsItIsPublished() {
    String publishedJar = System.getProperty("orderflow.published.jar");
    assumeTrue(publishedJar != null, "the build's published-jar execution names the jar; run alone, the classes are used");

    assertThat(Path.of(EventDrivenOrderApi.class.getProtectionDomain().getCodeSource().getLocation().getPath()))
        .isEqualTo(Path.of(publishedJar));
  }

  @Test
  void encryptsEveryQueueWithTheTeamsKey() {
    int queues = template.findResources("AWS::SQS::Queue").size();
    assertThat(queues).as("the order queue, its dead-letter queue and the four other dead-letter queues").isEqualTo(6);
    template.resourcePropertiesCountIs("AWS::SQS::Queue", Map.of("KmsMasterKeyId", THE_KEY), queues);
  }

  @Test
  void encryptsEveryLogGroupWithTheTeamsKey() {
    int logGroups = template.findResources("AWS::Logs::LogGroup").size();
    assertThat(logGroups).as("workflow, payment function, API and three pipes").isEqualTo(6);
    template.resourcePropertiesCountIs("AWS::Logs::LogGroup", Map.of("KmsKeyId", THE_KEY), logGroups);
  }

  @Test
  void encryptsTheStateMachineEveryPipeTheBusTheTopicTheTableAndThePaymentEnvironment() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("EncryptionConfiguration",
        Match.objectLike(Map.of("Type", "CUSTOMER_MANAGED_KMS_KEY", "KmsKeyId", THE_KEY))));
    template.resourcePropertiesCountIs("AWS::Pipes::Pipe", Map.of("KmsKeyIdentifier", THE_KEY), 3);
    template.resourceCountIs("AWS::Pipes::Pipe", 3);
    template.hasResourceProperties("AWS::Events::EventBus", Map.of("KmsKeyIdentifier", THE_KEY));
    template.hasResourceProperties("AWS::SNS::Topic", Map.of("KmsMasterKeyId", THE_KEY));
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of("Replicas", List.of(Match.objectLike(
        Map.of("SSESpecification", Map.of("KMSMasterKeyId", THE_KEY))))));
    template.hasResourceProperties("AWS::Lambda::Function", Map.of("KmsKeyArn", THE_KEY));
  }

  @Test
  void letsEachServiceThatWritesEncryptedDataUseTheKeyInItsPolicy() {
    List<Object> principals = new ArrayList<>();
    Map<String, Map<String, Object>> keys = template.findResources("AWS::KMS::Key");
    for (Map<String, Object> resource : keys.values()) {
      Map<?, ?> policy = (Map<?, ?>) ((Map<?, ?>) resource.get("Properties")).get("KeyPolicy");
      for (Object statement : (List<?>) policy.get("Statement")) {
        principals.add(((Map<?, ?>) statement).get("Principal"));
      }
    }
    assertThat(principals.toString())
        .contains("logs.eu-central-1.amazonaws.com", "sns.amazonaws.com", "events.amazonaws.com",
            "delivery.logs.amazonaws.com");
  }

  @Test
  void logsOnlyErrorsWithoutOrdersByDefault() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of("LoggingConfiguration",
        Match.objectLike(Map.of("Level", "ERROR", "IncludeExecutionData", false))));
    template.resourcePropertiesCountIs("AWS::Pipes::Pipe", Map.of("LogConfiguration",
        Match.objectLike(Map.of("Level", "ERROR", "IncludeExecutionData", Match.absent()))), 3);
  }

  @Test
  void limitsQueryDepthAndResolverCount() {
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of("QueryDepthLimit", 15, "ResolverCountLimit", 25));
  }

  @Test
  void passesTheTeamsRulesWithNothingUnacknowledged() {
    assertThat(nagFindings(stack)).isEmpty();
  }

  /** cdk-nag's two packs over a stack, as the team runs them: each finding unacknowledged. */
  private static List<String> nagFindings(Stack scope) {
    List<String> findings = new ArrayList<>();
    for (NagPack pack : List.<NagPack>of(new AwsSolutionsChecks(scope), new ServerlessChecks(scope))) {
      PolicyValidationPluginReport report = pack.validateScope(scope);
      for (PolicyViolation violation : report.getViolations()) {
        for (PolicyViolatingResource resource : violation.getViolatingResources()) {
          findings.add(violation.getRuleName() + " at " + resource.getConstructPath() + ": " + violation.getDescription());
        }
      }
    }
    return findings;
  }

  @Test
  void alarmsOnEveryDeadLetterQueueThePaymentFunctionAndWorkflowTimeoutsAndThrottles() {
    assertThat(orders.getMonitoring().getAlarms())
        .extracting(alarm -> alarm.getNode().getId())
        .containsExactlyInAnyOrder("ApiServerErrors", "ApiLatency", "OldestOrderAge", "OrdersInDeadLetterQueue",
            "OrderPipeFailures", "OrdersFailedInBatch", "FailedWorkflowRuns", "TimedOutWorkflowRuns",
            "ThrottledWorkflowRuns", "PaymentErrors", "PaymentThrottles", "NotifierPipeFailures",
            "NotificationsInDeadLetterQueue", "EmailsInDeadLetterQueue", "OrderEventsPipeFailures",
            "OrderEventsInDeadLetterQueue", "OrderUpdatesInDeadLetterQueue");
    assertThat(template.findResources("AWS::CloudWatch::Dashboard").toString()).contains("Order events pipe failures");
  }

  @Test
  void turnsOffAndTunesAlarmsOneByOne() {
    assertThat(tunedOrders.getMonitoring().getAlarms())
        .extracting(alarm -> alarm.getNode().getId())
        .hasSize(15)
        .doesNotContain("ApiLatency", "PaymentThrottles");
    tuned.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "MetricName", "ExecutionPartiallyFailed", "Threshold", 5));
  }

  @Test
  void writesToTheTeamsOwnLogGroupsAtTheLevelsItChose() {
    // The team's three, the payment function's, the API's and the order events pipe's.
    tuned.resourceCountIs("AWS::Logs::LogGroup", 3 + 3);
    tuned.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
        "StateMachineName", "team-orders",
        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", true,
            "Destinations", List.of(Map.of("CloudWatchLogsLogGroup", Map.of("LogGroupArn",
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^WorkflowLogs"), "Arn")))))))));
    tuned.hasResourceProperties("AWS::Pipes::Pipe", Map.of("LogConfiguration", Map.of(
        "Level", "INFO",
        "CloudwatchLogsLogDestination", Map.of("LogGroupArn",
            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^PipeLogs"), "Arn"))))));
    tuned.hasResourceProperties("AWS::Pipes::Pipe", Map.of("LogConfiguration", Map.of(
        "Level", "TRACE",
        "IncludeExecutionData", List.of("ALL"),
        "CloudwatchLogsLogDestination", Map.of("LogGroupArn",
            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^NotifierLogs"), "Arn"))))));
  }

  @Test
  void passesTheQueueTopicAndStateMachineSettingsThrough() {
    tuned.hasResourceProperties("AWS::SQS::Queue", Map.of(
        "QueueName", "team-orders", "DelaySeconds", 2, "VisibilityTimeout", 360,
        "RedrivePolicy", Match.objectLike(Map.of("maxReceiveCount", 3))));
    tuned.hasResourceProperties("AWS::SNS::Topic", Map.of("TopicName", "team-order-status", "DisplayName", "Order status"));
  }

  @Test
  void passesEachPipesSettingsThroughBesideItsOwn() {
    tuned.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "Name", "team-orders-in",
        "Tags", Map.of("cost-centre", "orders"),
        "SourceParameters", Map.of("SqsQueueParameters", Map.of("BatchSize", 10, "MaximumBatchingWindowInSeconds", 1))));
    tuned.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "Description", "Team order emails",
        "SourceParameters", Match.objectLike(Map.of("DynamoDBStreamParameters", Match.objectLike(Map.of(
            "ParallelizationFactor", 2,
            "MaximumRetryAttempts", 3,
            "DeadLetterConfig", Match.objectLike(Map.of()))),
            "FilterCriteria", Match.objectLike(Map.of())))));
    tuned.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "DesiredState", "STOPPED",
        "TargetParameters", Match.objectLike(Map.of("EventBridgeEventBusParameters", Map.of(
            "Source", "orderflow.orders",
            "DetailType", "OrderStatusChanged",
            "Resources", List.of("arn:aws:dynamodb:eu-central-1:123456789012:table/team-orders"))))));
  }

  @Test
  void refusesPipeSettingsThatChangeWhatThePipeSetsItself() {
    Stack own = new Stack(new App(), "Refused");
    PipeSettings biggerBatches = PipeSettings.builder()
        .sourceParameters(CfnPipe.PipeSourceParametersProperty.builder()
            .sqsQueueParameters(CfnPipe.PipeSourceSqsQueueParametersProperty.builder().batchSize(5).build())
            .build())
        .build();

    assertThatThrownBy(() -> new EventDrivenOrderApi(own, "Orders", EventDrivenOrderApiProps.builder()
            .pipeProps(QueueToStateMachinePipeOptions.builder().pipeSettings(biggerBatches).build())
            .build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipeSettings.sourceParameters.sqsQueueParameters.batchSize is set by the construct to 10,"
            + " but 5 was provided: leave it unset, or set it with the construct's own prop where there is one");
  }

  @Test
  void refusesAPipeNameCloudFormationWouldRefuse() {
    assertThatThrownBy(() -> PipeSettings.builder().name("team orders").build())
        .hasMessage("name must be 1 to 64 letters, digits, dots, hyphens or underscores, but \"team orders\" was provided");
  }

  @Test
  void runsThePaymentFunctionInTheTeamsSubnetsWithItsSecurityGroup() {
    tuned.hasResourceProperties("AWS::Lambda::Function", Map.of("VpcConfig", Map.of(
        "SubnetIds", Match.arrayWith(List.of(Map.of("Ref", Match.stringLikeRegexp("^NetworkpaymentsSubnet1")))),
        "SecurityGroupIds", List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^PaymentsGroup"), "GroupId"))))));
  }

  @Test
  void putsTheApiBehindTheTeamsWebAclWithItsLimits() {
    tuned.hasResourceProperties("AWS::WAFv2::WebACLAssociation", Map.of(
        "WebACLArn", "arn:aws:wafv2:eu-central-1:123456789012:regional/webacl/orders/0a1b2c3d",
        "ResourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^OrdersApi"), "Arn"))));
    tuned.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of("QueryDepthLimit", 8, "ResolverCountLimit", 5));
  }

  @Test
  void keepsTheEscapeHatchesWithinTheTeamsRules() {
    // The team's own network and log groups are the team's to judge; OrderFlow's parts must pass.
    assertThat(nagFindings(tunedStack)).filteredOn(finding -> finding.contains(" at Tuned/Orders/")).isEmpty();
  }

  @Test
  void refusesAFifoQueueItsOrdersCouldNotBeSentTo() {
    Stack own = new Stack();
    Queue fifo = Queue.Builder.create(own, "Orders").fifo(true).build();
    Queue deadLetters = Queue.Builder.create(own, "DeadLetters").fifo(true).build();

    assertThatThrownBy(() -> OrderQueueProps.builder().existingQueue(fifo).existingDeadLetterQueue(deadLetters).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("existingQueue must be a standard queue, but Default/Orders is a FIFO queue: postOrder sends"
            + " each order without a MessageGroupId, which a FIFO queue refuses");
  }

  @Test
  void refusesALambdaAuthorizerWhoseCallersTheResolversCannotTellApart() {
    Stack own = new Stack();
    IFunction authorizer = Function.fromFunctionArn(own, "Authorizer",
        "arn:aws:lambda:eu-central-1:123456789012:function:authorize");
    AuthorizationConfig lambda = AuthorizationConfig.builder()
        .defaultAuthorization(AuthorizationMode.builder()
            .authorizationType(AuthorizationType.LAMBDA)
            .lambdaAuthorizerConfig(LambdaAuthorizerConfig.builder().handler(authorizer).build())
            .build())
        .build();

    assertThatThrownBy(() -> EventDrivenOrderApiProps.builder().authorization(lambda).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("authorization must not use AuthorizationType.LAMBDA, but [LAMBDA] were provided:"
            + " the resolvers take the customer from the caller's Cognito sub, Cognito identity or IAM ARN");
  }

  @Test
  void refusesFifoSettingsForTheNewQueue() {
    assertThatThrownBy(() -> OrderQueueProps.builder()
            .queueProps(QueueProps.builder().fifo(true).build())
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("queueProps must describe a standard queue, but it sets FIFO settings");
  }

  @Test
  void refusesQueuePropsThatWouldUndoTheOrderFlowsOwnSettings() {
    assertThatThrownBy(() -> OrderQueueProps.builder()
            .queueProps(QueueProps.builder().visibilityTimeout(Duration.seconds(30)).build())
            .build())
        .hasMessage("queueProps must not set deadLetterQueue, visibilityTimeout or encryptionMasterKey:"
            + " use maxReceiveCount, visibilityTimeout and encryptionKey of OrderQueueProps");
  }

  @Test
  void refusesALambdaAuthorizerAmongAdditionalModesOfTheApiItself() {
    Stack own = new Stack();
    AuthorizationConfig withLambda = AuthorizationConfig.builder()
        .defaultAuthorization(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build())
        .additionalAuthorizationModes(List.of(AuthorizationMode.builder()
            .authorizationType(AuthorizationType.LAMBDA)
            .lambdaAuthorizerConfig(LambdaAuthorizerConfig.builder()
                .handler(Function.fromFunctionArn(own, "Authorizer",
                    "arn:aws:lambda:eu-central-1:123456789012:function:authorize"))
                .build())
            .build()))
        .build();

    assertThatThrownBy(() -> OrderGraphqlApiProps.builder()
            .table(orders.getTable())
            .queue(orders.getOrderQueue().getQueue())
            .authorization(withLambda)
            .build())
        .hasMessageStartingWith("authorization must not use AuthorizationType.LAMBDA, but [IAM, LAMBDA] were provided");
  }

  @Test
  void refusesAnAlarmIdThatDoesNotExist() {
    assertThatThrownBy(() -> OrderMonitoringOptions.builder().addDisabledAlarms("ApiLatencyy").build())
        .hasMessageStartingWith("disabledAlarms and alarmThresholds must name alarms of OrderMonitoring, but"
            + " \"ApiLatencyy\" is none: use one of [ApiServerErrors, ApiLatency,");
  }

  @Test
  void refusesStateMachinePropsThatWouldReplaceTheWorkflow() {
    assertThatThrownBy(() -> OrderWorkflowOptions.builder()
            .stateMachineProps(StateMachineProps.builder()
                .stateMachineType(software.amazon.awscdk.services.stepfunctions.StateMachineType.STANDARD).build())
            .build())
        .hasMessageStartingWith("stateMachineProps must not set the definition, the state machine type or the query language");
  }

  @Test
  void refusesAnOutOfRangeQueryDepthLimit() {
    assertThatThrownBy(() -> OrderGraphqlApiOptions.builder().queryDepthLimit(0).build())
        .hasMessage("queryDepthLimit must be from 1 to 75, but 0 was provided");
  }

  @Test
  void refusesVpcSettingsWithoutAVpc() {
    assertThatThrownBy(() -> PaymentFunctionProps.builder().vpcSubnets(SubnetSelection.builder().build()).build())
        .hasMessage("vpcSubnets was provided without vpc: set vpc to run the function in a VPC");
  }
}
