package dev.orderflow.local.iam;

import static dev.orderflow.local.iam.TestStacks.HELPER;
import static dev.orderflow.local.iam.TestStacks.OTHER_QUEUE;
import static dev.orderflow.local.iam.TestStacks.QUEUE;
import static dev.orderflow.local.iam.TestStacks.TABLE;
import static dev.orderflow.local.iam.TestStacks.WORKER;
import static dev.orderflow.local.iam.TestStacks.workerPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.local.iam.AccessDecision.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identity-based policies: which statements of a role's policies allow or deny a call. */
class IamEvaluationTest {

  @TempDir
  Path dir;

  private TestStacks worker(String statements) {
    return TestStacks.of(dir, workerPolicy(statements));
  }

  @Test
  void denyBeatsAllowOfTheSameRole() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
         {"Sid": "NoDeletes", "Effect": "Deny", "Action": "dynamodb:DeleteItem", "Resource": "%s"}]""".formatted(TABLE));

    AccessDecision delete = stack.decide(WORKER, "dynamodb:DeleteItem", TABLE);
    AccessDecision get = stack.decide(WORKER, "dynamodb:GetItem", TABLE);

    assertThat(delete.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(delete.reason()).isEqualTo("denied by identity-based policy WorkerPolicy (AWS::IAM::Policy), statement 'NoDeletes'");
    assertThat(delete.message()).endsWith("on resource: " + TABLE + " with an explicit deny in an identity-based policy");
    assertThat(get.allowed()).isTrue();
    assertThat(get.reason()).isEqualTo("allowed by identity-based policy WorkerPolicy (AWS::IAM::Policy), statement 1");
  }

  @Test
  void denyInOneOfTwoPoliciesOfARoleBeatsAllowInTheOther() {
    TestStacks stack = TestStacks.of(dir, workerPolicy("""
        [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "%s"}]""".formatted(QUEUE)) + ","
        + TestStacks.policy("Guard", "Worker", """
        [{"Effect": "Deny", "Action": "sqs:*", "Resource": "*"}]"""));

    AccessDecision send = stack.decide(WORKER, "sqs:SendMessage", QUEUE);

    assertThat(send.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
    assertThat(send.reason()).contains("Guard");
  }

  @Test
  void serviceWildcardAllowsEveryActionOfThatServiceAndNoOther() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "%s"}]""".formatted(TABLE));

    assertThat(stack.decide(WORKER, "dynamodb:UpdateItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodb:DeleteTable", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodbx:UpdateItem", TABLE).allowed()).isFalse();
    assertThat(stack.decide(WORKER, "sqs:SendMessage", TABLE).allowed()).isFalse();
  }

  @Test
  void prefixWildcardAllowsActionsStartingWithThePrefixOnly() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:Get*", "Resource": "%s"}]""".formatted(TABLE));

    assertThat(stack.decide(WORKER, "dynamodb:GetItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodb:GetRecords", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodb:BatchGetItem", TABLE).allowed()).isFalse();
    assertThat(stack.decide(WORKER, "dynamodb:PutItem", TABLE).allowed()).isFalse();
  }

  @Test
  void questionMarkStandsForExactlyOneCharacter() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "s?s:SendMessage", "Resource": "*"}]""");

    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "ss:SendMessage", QUEUE).allowed()).isFalse();
    assertThat(stack.decide(WORKER, "sqqs:SendMessage", QUEUE).allowed()).isFalse();
    assertThat(stack.decide(WORKER, "sqs:SendMessageBatch", QUEUE).allowed()).isFalse();
  }

  @Test
  void actionsCompareWithoutRegardToCase() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": ["DynamoDB:getitem", "SQS:Send*"], "Resource": "*"}]""");

    assertThat(stack.decide(WORKER, "dynamodb:GetItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "sqs:sendmessage", QUEUE).allowed()).isTrue();
  }

  @Test
  void indexWildcardCoversTheTablesIndexesButNotTheTableOrAnotherTable() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:Query", "Resource": "%s/index/*"}]""".formatted(TABLE));

    assertThat(stack.decide(WORKER, "dynamodb:Query", TABLE + "/index/byCustomer").allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodb:Query", TABLE).allowed()).isFalse();
    assertThat(stack.decide(WORKER, "dynamodb:Query", TABLE + "Archive/index/byCustomer").allowed()).isFalse();
    assertThat(stack.decide(WORKER, "dynamodb:Query",
        "arn:aws:dynamodb:us-east-1:000000000000:table/orders/index/byCustomer").allowed())
        .as("resources compare with regard to case").isFalse();
  }

  @Test
  void questionMarkInAResourceStandsForOneCharacter() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:000000000000:orders-?"}]""");

    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE + "-1").allowed()).isTrue();
    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE + "-12").allowed()).isFalse();
    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isFalse();
  }

  @Test
  void notActionAllowsEverythingButTheActionsItNames() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "NotAction": ["dynamodb:Delete*"], "Resource": "%s"}]""".formatted(TABLE));

    assertThat(stack.decide(WORKER, "dynamodb:PutItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "dynamodb:DeleteItem", TABLE).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(stack.decide(WORKER, "dynamodb:DeleteTable", TABLE).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void notResourceDeniesEveryResourceButTheOneItNames() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
         {"Effect": "Deny", "Action": "sqs:SendMessage", "NotResource": "%s"}]""".formatted(QUEUE));

    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "sqs:SendMessage", OTHER_QUEUE).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
  }

  @Test
  void roleWithoutAGrantIsImplicitlyDeniedWithAwsMessage() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]""".formatted(TABLE));

    AccessDecision update = stack.decide(WORKER, "dynamodb:UpdateItem", TABLE);

    assertThat(update.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(update.allowed()).isFalse();
    assertThat(update.reason()).isEqualTo("no statement allows it");
    assertThat(update.message()).isEqualTo("User: arn:aws:sts::000000000000:assumed-role/Worker/local is not authorized "
        + "to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/Orders "
        + "because no identity-based policy allows the dynamodb:UpdateItem action");
  }

  @Test
  void oneRolesGrantDoesNotReachAnotherRole() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]""".formatted(TABLE));

    assertThat(stack.decide(WORKER, "dynamodb:GetItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(HELPER, "dynamodb:GetItem", TABLE).outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
  }

  @Test
  void sessionOfARoleHasTheRolesPoliciesAndIsNamedInTheMessage() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]""".formatted(TABLE));
    String session = "arn:aws:sts::000000000000:assumed-role/Worker/execution-42";

    assertThat(stack.decide(session, "dynamodb:GetItem", TABLE).allowed()).isTrue();
    assertThat(stack.decide(session, "dynamodb:PutItem", TABLE).message())
        .startsWith("User: " + session + " is not authorized to perform: dynamodb:PutItem");
  }

  @Test
  void roleTheTemplateDoesNotDefineIsDeniedNamingIt() {
    TestStacks stack = TestStacks.of(dir, "");

    AccessDecision d = stack.decide("arn:aws:iam::000000000000:role/Ghost", "sqs:SendMessage", QUEUE);

    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(d.reason()).isEqualTo("no statement allows it (the template defines no role named Ghost)");
  }

  @Test
  void inlineRolePoliciesManagedPoliciesAndRolePoliciesAllGrant() {
    TestStacks stack = TestStacks.of(dir, """
        "Inline": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Inline", "AssumeRolePolicyDocument": {},
          "Policies": [{"PolicyName": "own", "PolicyDocument": {"Statement": [
            {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": {"Fn::GetAtt": ["Orders", "Arn"]}}]}}],
          "ManagedPolicyArns": [{"Ref": "Shared"}]}},
        "Shared": {"Type": "AWS::IAM::ManagedPolicy", "Properties": {"ManagedPolicyName": "shared",
          "Roles": [{"Ref": "Helper"}],
          "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": {"Fn::GetAtt": ["Queue", "Arn"]}}]}}},
        "Extra": {"Type": "AWS::IAM::RolePolicy", "Properties": {"RoleName": {"Ref": "Worker"}, "PolicyName": "extra",
          "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sns:Publish", "Resource": {"Ref": "Topic"}}]}}}
        """);
    String inline = "arn:aws:iam::000000000000:role/Inline";

    assertThat(stack.decide(inline, "dynamodb:GetItem", TABLE).reason())
        .isEqualTo("allowed by identity-based policy own (inline in AWS::IAM::Role Inline), statement 1");
    assertThat(stack.decide(inline, "sqs:SendMessage", QUEUE).reason()).contains("Shared (AWS::IAM::ManagedPolicy)");
    assertThat(stack.decide(HELPER, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(WORKER, "sns:Publish", TestStacks.TOPIC).reason()).contains("Extra (AWS::IAM::RolePolicy)");
    assertThat(stack.decide(WORKER, "sqs:SendMessage", QUEUE).allowed()).isFalse();
  }

  @Test
  void awsManagedPolicyByArnGrantsItsActions() {
    TestStacks stack = TestStacks.of(dir, """
        "Fn": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Fn", "AssumeRolePolicyDocument": {},
          "ManagedPolicyArns": [
            {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]},
            "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"]}}
        """);
    String fn = "arn:aws:iam::000000000000:role/Fn";
    String logGroup = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/Fn:*";

    assertThat(stack.decide(fn, "logs:PutLogEvents", logGroup).reason())
        .isEqualTo("allowed by identity-based policy service-role/AWSLambdaBasicExecutionRole (AWS managed), statement 1");
    assertThat(stack.decide(fn, "xray:PutTraceSegments", "*").allowed()).isTrue();
    assertThat(stack.decide(fn, "dynamodb:GetItem", TABLE).allowed()).isFalse();
    assertThat(stack.log).isEmpty();
  }

  @Test
  void unknownAwsManagedPolicyIsReportedOnceAndGrantsNothing() {
    TestStacks stack = TestStacks.of(dir, """
        "Admin": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Admin", "AssumeRolePolicyDocument": {},
          "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]}},
        "Admin2": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Admin2", "AssumeRolePolicyDocument": {},
          "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]}}
        """);

    AccessDecision d = stack.decide("arn:aws:iam::000000000000:role/Admin", "dynamodb:GetItem", TABLE);

    assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
    assertThat(stack.log).hasSize(2).allSatisfy(line -> assertThat(line).contains("AmazonDynamoDBFullAccess")
        .contains("grants nothing"));
    assertThat(stack.log).anySatisfy(line -> assertThat(line).contains("Admin "))
        .anySatisfy(line -> assertThat(line).contains("Admin2 "));
  }

  @Test
  void rolesAreListedByArn() {
    TestStacks stack = TestStacks.of(dir, "");

    assertThat(stack.policies.roleArns()).containsExactly(HELPER, WORKER);
  }

  @Test
  void askingAgainGivesTheRememberedDecision() {
    TestStacks stack = worker("""
        [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]""".formatted(TABLE));

    AccessDecision first = stack.decide(WORKER, "dynamodb:GetItem", TABLE);
    AccessDecision second = stack.decide(WORKER, "dynamodb:GetItem", TABLE);

    assertThat(second).isSameAs(first);
  }

  @Test
  void principalThatIsNoArnOrServiceIsRefusedNamingIt() {
    TestStacks stack = TestStacks.of(dir, "");

    assertThatThrownBy(() -> stack.decide("Worker", "sqs:SendMessage", QUEUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Worker'");
    assertThatThrownBy(() -> AccessRequest.of(WORKER, "SendMessage", QUEUE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service:Action");
  }

  @Test
  void accountRootMayDoWhatNoStatementDenies() {
    TestStacks stack = TestStacks.of(dir, TestStacks.queuePolicy("""
        [{"Effect": "Deny", "Principal": "*", "Action": "sqs:DeleteQueue", "Resource": "%s"}]""".formatted(QUEUE)));
    String root = "arn:aws:iam::000000000000:root";

    assertThat(stack.decide(root, "sqs:SendMessage", QUEUE).allowed()).isTrue();
    assertThat(stack.decide(root, "sqs:DeleteQueue", QUEUE).outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
  }
}
