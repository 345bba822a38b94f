package dev.orderflow.local.iam;

import static dev.orderflow.local.iam.TestStacks.HELPER;
import static dev.orderflow.local.iam.TestStacks.OTHER_QUEUE;
import static dev.orderflow.local.iam.TestStacks.OTHER_TOPIC;
import static dev.orderflow.local.iam.TestStacks.QUEUE;
import static dev.orderflow.local.iam.TestStacks.TOPIC;
import static dev.orderflow.local.iam.TestStacks.WORKER;
import static dev.orderflow.local.iam.TestStacks.queuePolicy;
import static dev.orderflow.local.iam.TestStacks.workerPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.iam.AccessDecision.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource-based policies: queue and topic policies, Lambda permissions, event bus policies. */
class IamResourcePolicyTest {

  /** The statement CDK adds to every queue policy when a queue enforces TLS. */
  private static final String TLS_ONLY = """
      {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:*", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]},
       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}""";

  private static final String SENDS_TO_QUEUE = """
      [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]""";

  @TempDir
  Path dir;

  @Test
  void queuePolicyDenyOfSendMessageBeatsTheRolesAllow() {
    TestStacks stack = TestStacks.of(dir, workerPolicy(SENDS_TO_QUEUE) + "," + queuePolicy("""
        [{"Sid": "NoSends", "Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sqs:SendMessage",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]"""));

    AccessDecision send = stack.decide(WORKER, "sqs:SendMessage", QUEUE);

    assertThat(send.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(send.reason()).isEqualTo("denied by resource-based policy QueuePolicy (AWS::SQS::QueuePolicy), statement 'NoSends'");
    assertThat(send.message()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/Worker/local is not authorized to "
        + "perform: sqs:SendMessage on resource: " + QUEUE + " with an explicit deny in a resource-based policy");
  }

  @Test
  void queuePolicyAppliesOnlyToTheQueuesItLists() {
    TestStacks stack = TestStacks.of(dir, queuePolicy("""
        [{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}]""") + ","
        + TestStacks.policy("HelperPolicy", "Helper", """
        [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]"""));

    assertThat(stack.decide(HELPER, "sqs:SendMessage", QUEUE).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(stack.decide(HELPER, "sqs:SendMessage", OTHER_QUEUE).allowed()).isTrue();
  }

  @Test
  void topicDeliveryIsAllowedForTheTopicTheQueuePolicyNamesAndRefusedForAnother() {
    TestStacks stack = TestStacks.of(dir, queuePolicy("""
        [%s,
         {"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}, "Condition": {"ArnEquals": {"aws:SourceArn": {"Ref": "Topic"}}}}]"""
        .formatted(TLS_ONLY)));

    AccessDecision ours = stack.policies.decide(AccessRequest.fromService("sns.amazonaws.com", TOPIC, "sqs:SendMessage", QUEUE));
    AccessDecision theirs = stack.policies.decide(
        AccessRequest.fromService("sns.amazonaws.com", OTHER_TOPIC, "sqs:SendMessage", QUEUE));
    AccessDecision otherService = stack.policies.decide(
        AccessRequest.fromService("events.amazonaws.com", TOPIC, "sqs:SendMessage", QUEUE));

    assertThat(ours.allowed()).isTrue();
    assertThat(ours.reason()).isEqualTo("allowed by resource-based policy QueuePolicy (AWS::SQS::QueuePolicy), statement 2");
    assertThat(theirs.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(theirs.message()).isEqualTo("User: sns.amazonaws.com is not authorized to perform: sqs:SendMessage on "
        + "resource: " + QUEUE + " because no resource-based policy allows the sqs:SendMessage action");
    assertThat(otherService.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(stack.log).isEmpty();
  }

  @Test
  void tlsOnlyDenyDoesNotDenyCallsBetweenServicesButDeniesAPlainTextOne() {
    TestStacks stack = TestStacks.of(dir, workerPolicy(SENDS_TO_QUEUE) + "," + queuePolicy("[" + TLS_ONLY + "]"));

    AccessDecision overTls = stack.decide(WORKER, "sqs:SendMessage", QUEUE);
    AccessDecision plainText = stack.policies.decide(
        AccessRequest.of(WORKER, "sqs:SendMessage", QUEUE).with("aws:SecureTransport", "false"));

    assertThat(overTls.allowed()).isTrue();
    assertThat(plainText.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(stack.log).isEmpty();
  }

  @Test
  void topicPolicyTlsOnlyDenyWithPlainStarPrincipalDoesNotDeny() {
    TestStacks stack = TestStacks.of(dir, workerPolicy("""
        [{"Effect": "Allow", "Action": "sns:Publish", "Resource": {"Ref": "Topic"}}]""") + """
        ,"TopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Topic"}],
          "PolicyDocument": {"Statement": [{"Sid": "AllowPublishThroughSSLOnly", "Effect": "Deny", "Principal": "*",
            "Action": "sns:Publish", "Resource": {"Ref": "Topic"}, "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
           {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": {"Ref": "Topic"}}]}}}
        """);

    assertThat(stack.decide(WORKER, "sns:Publish", TOPIC).allowed()).isTrue();
    assertThat(stack.decide("events.amazonaws.com", "sns:Publish", TOPIC).reason()).contains("TopicPolicy");
    assertThat(stack.decide(HELPER, "sns:Publish", TOPIC).allowed()).isFalse();
  }

  @Test
  void resourcePolicyNamingTheAccountRootAllowsEveryRoleOfThatAccountOnly() {
    TestStacks stack = TestStacks.of(dir, queuePolicy("""
        [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "sqs:SendMessage",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}},
         {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sqs:ReceiveMessage",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]"""));

    assertThat(stack.decide(HELPER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide("arn:aws:iam::111111111111:role/Visitor", "sqs:SendMessage", QUEUE).allowed()).isFalse();
    assertThat(stack.decide("arn:aws:iam::111111111111:role/Visitor", "sqs:ReceiveMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(HELPER, "sqs:ReceiveMessage", QUEUE).allowed()).isFalse();
    assertThat(stack.decide("sns.amazonaws.com", "sqs:SendMessage", QUEUE).allowed())
        .as("an account is no service principal").isFalse();
  }

  @Test
  void resourcePolicyNamingARoleAllowsItAndItsSessionsButNoOtherRole() {
    TestStacks stack = TestStacks.of(dir, queuePolicy("""
        [{"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["Worker", "Arn"]}}, "Action": "sqs:*",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]"""));

    assertThat(stack.decide(WORKER, "sqs:ReceiveMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide("arn:aws:sts::000000000000:assumed-role/Worker/s1", "sqs:ReceiveMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(HELPER, "sqs:ReceiveMessage", QUEUE).allowed()).isFalse();
  }

  @Test
  void notPrincipalDenyDeniesEveryoneButTheNamedRole() {
    TestStacks stack = TestStacks.of(dir, queuePolicy("""
        [{"Effect": "Deny", "NotPrincipal": {"AWS": {"Fn::GetAtt": ["Worker", "Arn"]}}, "Action": "sqs:*",
          "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}},
         {"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]"""));

    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(HELPER, "sqs:SendMessage", QUEUE).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
  }

  @Test
  void lambdaPermissionLetsTheNamedRuleInvokeTheFunctionAndNoOtherRule() {
    TestStacks stack = TestStacks.of(dir, """
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "pay"}},
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {"Name": "paid"}},
        "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
          "FunctionName": {"Fn::GetAtt": ["Fn", "Arn"]}, "Principal": "events.amazonaws.com",
          "SourceArn": "arn:aws:events:us-east-1:000000000000:rule/paid", "SourceAccount": {"Ref": "AWS::AccountId"}}}
        """);
    String function = "arn:aws:lambda:us-east-1:000000000000:function:pay";

    AccessDecision rule = stack.policies.decide(AccessRequest.fromService("events.amazonaws.com",
        "arn:aws:events:us-east-1:000000000000:rule/paid", "lambda:InvokeFunction", function));
    AccessDecision otherRule = stack.policies.decide(AccessRequest.fromService("events.amazonaws.com",
        "arn:aws:events:us-east-1:000000000000:rule/unpaid", "lambda:InvokeFunction", function));

    assertThat(rule.allowed()).isTrue();
    assertThat(rule.reason()).isEqualTo("allowed by resource-based policy Invoke (AWS::Lambda::Permission), statement 1");
    assertThat(otherRule.allowed()).isFalse();
    assertThat(stack.decide(WORKER, "lambda:InvokeFunction", function).allowed()).isFalse();
  }

  @Test
  void lambdaPermissionByFunctionNameForAnAccountCoversItsRoles() {
    TestStacks stack = TestStacks.of(dir, """
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "pay"}},
        "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
          "FunctionName": {"Ref": "Fn"}, "Principal": {"Ref": "AWS::AccountId"}}}
        """);

    assertThat(stack.decide(HELPER, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:000000000000:function:pay").allowed())
        .isTrue();
    assertThat(stack.decide(HELPER, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:000000000000:function:other")
        .allowed()).isFalse();
  }

  @Test
  void eventBusPolicyStatementWithoutResourceAppliesToItsBus() {
    TestStacks stack = TestStacks.of(dir, """
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "orders"}},
        "BusPolicy": {"Type": "AWS::Events::EventBusPolicy", "Properties": {"EventBusName": "orders", "StatementId": "worker",
          "Statement": {"Effect": "Allow", "Principal": {"AWS": {"Fn::GetAtt": ["Worker", "Arn"]}}, "Action": "events:PutEvents"}}}
        """);

    assertThat(stack.decide(WORKER, "events:PutEvents", "arn:aws:events:us-east-1:000000000000:event-bus/orders").allowed())
        .isTrue();
    assertThat(stack.decide(WORKER, "events:PutEvents", "arn:aws:events:us-east-1:000000000000:event-bus/default").allowed())
        .isFalse();
  }

  @Test
  void assumingARoleTakesItsTrustPolicysConsent() {
    TestStacks stack = TestStacks.of(dir, TestStacks.policy("HelperPolicy", "Helper", """
        [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]"""));

    AccessDecision states = stack.policies.decide(AccessRequest.fromService("states.amazonaws.com",
        "arn:aws:states:us-east-1:000000000000:stateMachine:flow", "sts:AssumeRole", WORKER));
    AccessDecision lambda = stack.policies.decide(AccessRequest.fromService("lambda.amazonaws.com",
        "arn:aws:lambda:us-east-1:000000000000:function:pay", "sts:AssumeRole", WORKER));
    AccessDecision helper = stack.decide(HELPER, "sts:AssumeRole", WORKER);

    assertThat(states.allowed()).isTrue();
    assertThat(states.reason()).isEqualTo("allowed by resource-based policy Worker (trust policy of AWS::IAM::Role), statement 1");
    assertThat(lambda.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(helper.outcome()).as("the caller's own grant is not enough").isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(helper.reason()).contains("trust policy");
  }

  @Test
  void statementNamingAResourceThatCannotBeResolvedIsReportedAndLeftOut() {
    TestStacks stack = TestStacks.of(dir, """
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}},
        "WorkerPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "p", "Roles": [{"Ref": "Worker"}],
          "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": {"Fn::GetAtt": ["Bucket", "Arn"]}},
            {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]}}}
        """);

    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.log).singleElement().asString().contains("WorkerPolicy PolicyDocument statement 1")
        .contains("Bucket").contains("left out");
  }

  @Test
  void olderEventBusPolicyFormLetsTheNamedAccountPutEventsUnderItsCondition() {
    TestStacks stack = TestStacks.of(dir, """
        "Bus": {"Type": "AWS::Events::EventBus", "Properties": {"Name": "orders"}},
        "BusPolicy": {"Type": "AWS::Events::EventBusPolicy", "Properties": {"EventBusName": "orders", "StatementId": "acct",
          "Action": "events:PutEvents", "Principal": "000000000000",
          "Condition": {"Type": "StringEquals", "Key": "aws:PrincipalType", "Value": "AssumedRole"}}}
        """);
    String bus = "arn:aws:events:us-east-1:000000000000:event-bus/orders";

    assertThat(stack.decide(HELPER, "events:PutEvents", bus).allowed()).isTrue();
    assertThat(stack.decide(HELPER, "events:PutRule", bus).allowed()).isFalse();
    assertThat(stack.decide("arn:aws:iam::000000000000:user/someone", "events:PutEvents", bus).allowed())
        .as("a user is no assumed role").isFalse();
  }

  @Test
  void queuePolicyForAQueueOutsideTheTemplateAppliesToTheArnOfItsUrl() {
    TestStacks stack = TestStacks.of(dir, """
        "ExternalPolicy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {
          "Queues": ["http://127.0.0.1:9324/000000000000/external"],
          "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": "*"}]}}}
        """);

    assertThat(stack.decide("sns.amazonaws.com", "sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:external").allowed())
        .isTrue();
    assertThat(stack.decide("sns.amazonaws.com", "sqs:SendMessage", QUEUE).allowed()).isFalse();
  }

  @Test
  void lambdaPermissionOnTheFunctionDoesNotCoverItsAliases() {
    TestStacks stack = TestStacks.of(dir, """
        "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"FunctionName": "pay"}},
        "Invoke": {"Type": "AWS::Lambda::Permission", "Properties": {"Action": "lambda:InvokeFunction",
          "FunctionName": {"Ref": "Fn"}, "Principal": "sns.amazonaws.com", "SourceArn": {"Ref": "Topic"}}}
        """);
    String function = "arn:aws:lambda:us-east-1:000000000000:function:pay";

    assertThat(stack.policies.decide(AccessRequest.fromService("sns.amazonaws.com", TOPIC, "lambda:InvokeFunction",
        function)).allowed()).isTrue();
    assertThat(stack.policies.decide(AccessRequest.fromService("sns.amazonaws.com", TOPIC, "lambda:InvokeFunction",
        function + ":live")).allowed()).isFalse();
  }
}
