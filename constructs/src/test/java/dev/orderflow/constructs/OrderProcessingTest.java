package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.constructs.testing.StackChecks;
import dev.orderflow.constructs.testing.TemplateDefinitions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.TableClass;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;

/** The table, queue, workflow and pipe composed as EventDrivenOrderApi composes them. */
class OrderProcessingTest implements StackChecks {

  private static Stack stack;
  private static Template template;

  @BeforeAll
  static void synthesize() {
    stack = new Stack(new App(), "OrderProcessing");
    OrderTable table = new OrderTable(stack, "Orders", OrderTableProps.builder()
        .tableProps(TablePropsV2.builder()
            .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
            .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
            .build())
        .build());
    OrderQueue queue = new OrderQueue(stack, "Queue", OrderQueueProps.builder().maxReceiveCount(4).build());
    OrderWorkflow workflow = new OrderWorkflow(stack, "Workflow",
        OrderWorkflowProps.builder().table(table.getTable()).build());
    new QueueToStateMachinePipe(stack, "Pipe", QueueToStateMachinePipeProps.builder()
        .queue(queue.getQueue())
        .stateMachine(workflow.getStateMachine())
        .invocationType(workflow.getWorkflowType().pipeInvocationType())
        .build());
    template = Template.fromStack(stack);
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void keysTheTableByOrderIdWithACustomerIndexAndAStream() {
    template.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
        "KeySchema", List.of(Map.of("AttributeName", "id", "KeyType", "HASH")),
        "GlobalSecondaryIndexes", List.of(Map.of(
            "IndexName", "byCustomer",
            "KeySchema", List.of(
                Map.of("AttributeName", "customerId", "KeyType", "HASH"),
                Map.of("AttributeName", "createdAt", "KeyType", "RANGE")),
            "Projection", Map.of("ProjectionType", "KEYS_ONLY"))),
        "StreamSpecification", Map.of("StreamViewType", "NEW_AND_OLD_IMAGES"),
        "SSESpecification", Map.of("SSEEnabled", true, "SSEType", "KMS"),
        "Replicas", List.of(Match.objectLike(Map.of(
            "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
            "TableClass", "STANDARD_INFREQUENT_ACCESS")))));
  }

  @Test
  void keepsTheTableWhenItLeavesTheStack() {
    template.hasResource("AWS::DynamoDB::GlobalTable", Map.of("DeletionPolicy", "Retain"));
  }

  @Test
  void attachesTheDeadLetterQueueAfterTheConfiguredReceives() {
    template.hasResourceProperties("AWS::SQS::Queue", Map.of(
        "VisibilityTimeout", 360,
        "SqsManagedSseEnabled", true,
        "RedrivePolicy", Map.of("maxReceiveCount", 4, "deadLetterTargetArn", Match.anyValue())));
    template.resourceCountIs("AWS::SQS::Queue", 2);
  }

  @Test
  void refusesRequestsWithoutTls() {
    template.resourcePropertiesCountIs("AWS::SQS::QueuePolicy", Map.of(
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Effect", "Deny",
            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))), 2);
  }

  @Test
  void runsAnExpressWorkflowThatLogsErrorsWithoutTheOrdersAndTraces() {
    template.hasResourceProperties("AWS::StepFunctions::StateMachine", Map.of(
        "StateMachineType", "EXPRESS",
        "TracingConfiguration", Map.of("Enabled", true),
        "LoggingConfiguration", Match.objectLike(Map.of("Level", "ERROR", "IncludeExecutionData", false))));
  }

  @Test
  void pipesBatchesOfTenWithinOneSecondToTheWorkflowAndWaitsForEachRun() {
    template.hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "SourceParameters", Map.of("SqsQueueParameters", Map.of("BatchSize", 10, "MaximumBatchingWindowInSeconds", 1)),
        "TargetParameters", Map.of("StepFunctionStateMachineParameters", Map.of("InvocationType", "REQUEST_RESPONSE")),
        "LogConfiguration", Match.objectLike(Map.of("Level", "ERROR", "IncludeExecutionData", Match.absent()))));
  }

  @Test
  void letsThePipeRoleOnlyConsumeTheQueueAndStartTheWorkflow() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^PipeRole"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
            Match.objectLike(Map.of(
                "Action", List.of("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                    "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
                "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Queue[0-9A-F]{8}$"), "Arn")))),
            Match.objectLike(Map.of(
                "Action", "states:StartSyncExecution",
                "Resource", Map.of("Ref", Match.stringLikeRegexp("^WorkflowStateMachine")))))))));
  }

  @Test
  void writesTheTableOnlyWithUpdateItem() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^WorkflowStateMachineRole"))),
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Action", "dynamodb:UpdateItem",
            "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(
                ":table/", Map.of("Ref", Match.stringLikeRegexp("^OrdersTable")))))))))))));
  }

  @Test
  void claimsAProcessingOrderOnlyOnceTheClaimLeaseOfTheRunHoldingItHasEnded() {
    JsonNode definition = TemplateDefinitions.stateMachineDefinition(template.toJSON());
    JsonNode claim = TemplateDefinitions.state(definition, "ClaimOrder");

    assertThat(claim.at("/Parameters/ConditionExpression").asText()).isEqualTo("orderStatus = :pending"
        + " OR (orderStatus = :processing AND (attribute_not_exists(leaseEnd)"
        + " OR (leaseDay = :today AND leaseEnd <= :second)"
        + " OR (leaseDay < :today AND leaseEnd <= :secondSinceDayBefore)))");
    assertThat(claim.at("/Parameters/UpdateExpression").asText()).isEqualTo("SET orderStatus = :processing,"
        + " updatedAt = :now, claimedBy = :messageId, leaseDay = :today, leaseEnd = :leaseEnd");
    assertThat(claim.at("/Parameters/ExpressionAttributeValues/:messageId/S.$").asText()).isEqualTo("$.messageId");
    // The default lease: 5 minutes from the second of the day the clock was read at.
    assertThat(claim.at("/Parameters/ExpressionAttributeValues/:leaseEnd/N.$").asText())
        .isEqualTo("States.Format('{}', States.MathAdd(States.MathAdd($.clock.hourSeconds, $.clock.minuteSeconds),"
            + " States.MathAdd($.clock.seconds, 300)))");
    // A refused claim reads why: another delivery's claim hands the message back to the queue.
    assertThat(claim.at("/Catch/0/Next").asText()).isEqualTo("ReadOrderStatus");
    JsonNode claimed = TemplateDefinitions.state(definition, "IsOrderClaimed");
    assertThat(claimed.at("/Choices/0/Next").asText()).isEqualTo("OrderClaimed");
    assertThat(TemplateDefinitions.state(definition, "OrderClaimed").get("Error").asText())
        .isEqualTo(OrderWorkflow.ORDER_CLAIMED_ERROR);
  }

  @Test
  void takesTheClaimLeaseFromTheProps() {
    Stack scratch = new Stack();
    new OrderWorkflow(scratch, "W", OrderWorkflowProps.builder()
        .table(new OrderTable(scratch, "T").getTable()).claimLease(Duration.seconds(90)).build());

    JsonNode claim = TemplateDefinitions.state(
        TemplateDefinitions.stateMachineDefinition(Template.fromStack(scratch).toJSON()), "ClaimOrder");

    assertThat(claim.at("/Parameters/ExpressionAttributeValues/:leaseEnd/N.$").asText())
        .endsWith("States.MathAdd($.clock.seconds, 90)))");
  }

  @Test
  void rejectsAClaimLeaseOutsideOneSecondToTwelveHoursOrWithAFraction() {
    assertThatThrownBy(() -> OrderWorkflowOptions.builder().claimLease(Duration.seconds(0)).build())
        .hasMessageStartingWith("claimLease must be from 1 to 43200 seconds, but 0");
    assertThatThrownBy(() -> OrderWorkflowOptions.builder().claimLease(Duration.hours(13)).build())
        .hasMessage("claimLease must be from 1 to 43200 seconds, but 13 hours was provided");
    assertThatThrownBy(() -> OrderWorkflowOptions.builder().claimLease(Duration.millis(2500)).build())
        .hasMessageStartingWith("claimLease must be a whole number of seconds");
  }

  @Test
  void rejectsAnExistingTableTogetherWithTableProps() {
    assertThatThrownBy(() -> OrderTableProps.builder()
            .existingTable(new OrderTable(new Stack(), "T").getTable())
            .tableProps(TablePropsV2.builder()
                .partitionKey(Attribute.builder().name("id").type(AttributeType.STRING).build())
                .build())
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("existingTable cannot be combined with tableProps or encryptionKey");
  }

  @Test
  void rejectsAMaxReceiveCountOfZero() {
    assertThatThrownBy(() -> OrderQueueProps.builder().maxReceiveCount(0).build())
        .hasMessage("maxReceiveCount must be from 1 to 1000, but 0 was provided");
  }

  @Test
  void rejectsAVisibilityTimeoutOverTwelveHours() {
    assertThatThrownBy(() -> OrderQueueProps.builder().visibilityTimeout(Duration.hours(13)).build())
        .hasMessage("visibilityTimeout must be from 0 to 43200 seconds, but 13 hours was provided");
  }

  @Test
  void usesAnExistingQueueAndItsDeadLetterQueueAsTheyAre() {
    Stack own = new Stack();
    Queue deadLetters = Queue.Builder.create(own, "MyDeadLetters").enforceSsl(true).build();
    Queue orders = Queue.Builder.create(own, "MyOrders").enforceSsl(true)
        .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(2).build())
        .build();

    OrderQueue queue = new OrderQueue(own, "Queue", OrderQueueProps.builder()
        .existingQueue(orders).existingDeadLetterQueue(deadLetters).build());

    assertThat(queue.getQueue()).isSameAs(orders);
    assertThat(queue.getDeadLetterQueue()).isSameAs(deadLetters);
    assertThat(queue.getNode().getChildren()).as("resources OrderQueue created").isEmpty();
  }

  @Test
  void rejectsAnExistingQueueWithoutItsDeadLetterQueue() {
    Stack scratch = new Stack();
    assertThatThrownBy(() -> OrderQueueProps.builder().existingQueue(new Queue(scratch, "Q")).build())
        .hasMessage("existingQueue and existingDeadLetterQueue go together, but only existingQueue was set:"
            + " give both, or neither for two new queues");
  }

  @Test
  void rejectsSettingsForNewQueuesBesideAnExistingQueue() {
    Stack scratch = new Stack();
    assertThatThrownBy(() -> OrderQueueProps.builder()
            .existingQueue(new Queue(scratch, "Q"))
            .existingDeadLetterQueue(new Queue(scratch, "D"))
            .maxReceiveCount(5)
            .visibilityTimeout(Duration.minutes(10))
            .build())
        .hasMessage("maxReceiveCount, visibilityTimeout configure new queues and cannot be combined with"
            + " existingQueue: set them on your queue instead");
  }

  @Test
  void rejectsABatchSizeAboveTen() {
    Stack scratch = new Stack();
    OrderQueue queue = new OrderQueue(scratch, "Q");
    OrderWorkflow workflow = new OrderWorkflow(scratch, "W",
        OrderWorkflowProps.builder().table(new OrderTable(scratch, "T").getTable()).build());
    assertThatThrownBy(() -> QueueToStateMachinePipeProps.builder()
            .queue(queue.getQueue()).stateMachine(workflow.getStateMachine()).batchSize(11).build())
        .hasMessage("batchSize must be from 1 to 10, but 11 was provided");
  }

  @Test
  void takesTheBatchSizeAndWindowFromTheProps() {
    Stack own = new Stack();
    OrderWorkflow workflow = new OrderWorkflow(own, "W",
        OrderWorkflowProps.builder().table(new OrderTable(own, "T").getTable()).build());
    new QueueToStateMachinePipe(own, "P", QueueToStateMachinePipeProps.builder()
        .queue(new OrderQueue(own, "Q").getQueue())
        .stateMachine(workflow.getStateMachine())
        .batchSize(1)
        .maximumBatchingWindow(Duration.seconds(0))
        .build());

    Template.fromStack(own).hasResourceProperties("AWS::Pipes::Pipe", Map.of(
        "SourceParameters", Map.of("SqsQueueParameters", Map.of("BatchSize", 1, "MaximumBatchingWindowInSeconds", 0))));
  }

  @Test
  void rejectsABatchSizeOfZero() {
    assertThatThrownBy(() -> QueueToStateMachinePipeOptions.builder().batchSize(0).build())
        .hasMessage("batchSize must be from 1 to 10, but 0 was provided");
  }

  @Test
  void rejectsABatchingWindowOverFiveMinutes() {
    assertThatThrownBy(() -> QueueToStateMachinePipeOptions.builder().maximumBatchingWindow(Duration.minutes(6)).build())
        .hasMessage("maximumBatchingWindow must be from 0 to 300 seconds, but 6 minutes was provided");
  }

  @Test
  void rejectsABatchingWindowWithAFractionOfASecond() {
    assertThatThrownBy(() -> QueueToStateMachinePipeOptions.builder().maximumBatchingWindow(Duration.millis(1500)).build())
        .hasMessage("maximumBatchingWindow must be a whole number of seconds, but 1 second 500 millis was provided");
  }

  @Test
  void refusesToWaitForAStandardWorkflow() {
    Stack scratch = new Stack();
    OrderWorkflow standard = new OrderWorkflow(scratch, "W", OrderWorkflowProps.builder()
        .table(new OrderTable(scratch, "T").getTable()).workflowType(WorkflowType.STANDARD).build());
    QueueToStateMachinePipeProps props = QueueToStateMachinePipeProps.builder()
        .queue(new OrderQueue(scratch, "Q").getQueue())
        .stateMachine(standard.getStateMachine())
        .invocationType(PipeInvocationType.REQUEST_RESPONSE)
        .build();

    assertThatThrownBy(() -> new QueueToStateMachinePipe(scratch, "P", props))
        .hasMessageStartingWith("invocationType must be FIRE_AND_FORGET for a STANDARD state machine, but REQUEST_RESPONSE was provided");
  }

  @Test
  void rejectsTwoPaymentSteps() {
    Stack scratch = new Stack();
    PaymentFunction payment = new PaymentFunction(scratch, "P");
    assertThatThrownBy(() -> OrderWorkflowProps.builder()
            .table(new OrderTable(scratch, "T").getTable())
            .paymentFunction(payment.getFunction())
            .paymentFunctionProps(PaymentFunctionProps.builder().build())
            .build())
        .hasMessageStartingWith("paymentFunction, paymentTask and paymentFunctionProps each choose the payment step, but 2 were set");
  }
}
