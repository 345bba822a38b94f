package dev.orderflow.local.iam;

import static dev.orderflow.local.iam.TestStacks.QUEUE;
import static dev.orderflow.local.iam.TestStacks.WORKER;
import static dev.orderflow.local.iam.TestStacks.workerPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Condition element: operators, quantifiers, missing and unknown keys. */
class IamConditionTest {

  @TempDir
  Path dir;

  /** A stack whose role Worker may send to the queue when the condition holds. */
  private TestStacks sendWhen(String condition) {
    return TestStacks.of(dir, workerPolicy("""
        [{"Sid": "Conditional", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*", "Condition": %s}]"""
        .formatted(condition)));
  }

  private static boolean allowed(TestStacks stack, Map<String, String> context) {
    return stack.policies.decide(new AccessRequest(WORKER, "sqs:SendMessage", QUEUE, context)).allowed();
  }

  @Test
  void stringEqualsTakesAnyOfItsValuesAndStringNotEqualsNoneOfThem() {
    TestStacks equals = sendWhen("""
        {"StringEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}""");
    TestStacks notEquals = sendWhen("""
        {"StringNotEquals": {"aws:SourceAccount": ["111111111111", "222222222222"]}}""");

    assertThat(allowed(equals, Map.of("aws:SourceAccount", "222222222222"))).isTrue();
    assertThat(allowed(equals, Map.of("aws:SourceAccount", "333333333333"))).isFalse();
    assertThat(allowed(notEquals, Map.of("aws:SourceAccount", "222222222222"))).isFalse();
    assertThat(allowed(notEquals, Map.of("aws:SourceAccount", "333333333333"))).isTrue();
  }

  @Test
  void stringLikeTakesWildcardsAndIgnoreCaseIgnoresCase() {
    TestStacks like = sendWhen("""
        {"StringLike": {"aws:UserAgent": "orderflow-*"}}""");
    TestStacks ignoreCase = sendWhen("""
        {"StringEqualsIgnoreCase": {"aws:UserAgent": "OrderFlow"}}""");

    assertThat(allowed(like, Map.of("aws:UserAgent", "orderflow-client/1.0"))).isTrue();
    assertThat(allowed(like, Map.of("aws:UserAgent", "Orderflow-client/1.0"))).isFalse();
    assertThat(allowed(ignoreCase, Map.of("aws:UserAgent", "orderFLOW"))).isTrue();
    assertThat(allowed(ignoreCase, Map.of("aws:UserAgent", "orderflows"))).isFalse();
  }

  @Test
  void arnLikeComparesEachPartOfTheArnWithItsOwnWildcards() {
    TestStacks stack = sendWhen("""
        {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:000000000000:orders"}}""");

    assertThat(allowed(stack, Map.of("aws:SourceArn", "arn:aws:sns:eu-west-1:000000000000:orders"))).isTrue();
    assertThat(allowed(stack, Map.of("aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:orders"))).isFalse();
    assertThat(allowed(stack, Map.of("aws:SourceArn", "arn:aws:sns:eu-west-1:x:000000000000:orders")))
        .as("a wildcard stays within its part").isFalse();
  }

  @Test
  void arnNotEqualsHoldsForEveryOtherArn() {
    TestStacks stack = sendWhen("""
        {"ArnNotEquals": {"aws:SourceArn": "arn:aws:sns:us-east-1:000000000000:orders"}}""");

    assertThat(allowed(stack, Map.of("aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:orders"))).isFalse();
    assertThat(allowed(stack, Map.of("aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:other"))).isTrue();
  }

  @Test
  void boolAndNumericOperatorsCompareTheirKindOfValue() {
    TestStacks stack = sendWhen("""
        {"Bool": {"aws:MultiFactorAuthPresent": "true"}, "NumericLessThanEquals": {"aws:MultiFactorAuthAge": "3600"}}""");

    assertThat(allowed(stack, Map.of("aws:MultiFactorAuthPresent", "TRUE", "aws:MultiFactorAuthAge", "3600"))).isTrue();
    assertThat(allowed(stack, Map.of("aws:MultiFactorAuthPresent", "true", "aws:MultiFactorAuthAge", "3601"))).isFalse();
    assertThat(allowed(stack, Map.of("aws:MultiFactorAuthPresent", "false", "aws:MultiFactorAuthAge", "10"))).isFalse();
    assertThat(allowed(stack, Map.of("aws:MultiFactorAuthPresent", "true", "aws:MultiFactorAuthAge", "soon"))).isFalse();
  }

  @Test
  void nullTestsWhetherTheKeyIsThere() {
    TestStacks mustBeThere = sendWhen("""
        {"Null": {"aws:SourceArn": "false"}}""");
    TestStacks mustBeAbsent = sendWhen("""
        {"Null": {"aws:PrincipalServiceName": "true"}}""");

    assertThat(allowed(mustBeThere, Map.of("aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:orders"))).isTrue();
    assertThat(allowed(mustBeAbsent, Map.of())).as("a role has no service name").isTrue();
    assertThat(allowed(mustBeAbsent, Map.of("aws:PrincipalServiceName", "sns.amazonaws.com"))).isFalse();
  }

  @Test
  void ifExistsHoldsWhenTheKeyIsAbsentAndJudgesItWhenPresent() {
    TestStacks stack = sendWhen("""
        {"StringEqualsIfExists": {"aws:PrincipalServiceName": "sns.amazonaws.com"}}""");
    TestStacks without = sendWhen("""
        {"StringEquals": {"aws:PrincipalServiceName": "sns.amazonaws.com"}}""");

    assertThat(allowed(stack, Map.of())).isTrue();
    assertThat(allowed(stack, Map.of("aws:PrincipalServiceName", "events.amazonaws.com"))).isFalse();
    assertThat(allowed(without, Map.of())).isFalse();
  }

  @Test
  void forAllValuesHoldsForAnAbsentKeyAndForAnyValueDoesNot() {
    TestStacks all = sendWhen("""
        {"ForAllValues:StringEquals": {"aws:PrincipalServiceName": "sns.amazonaws.com"}}""");
    TestStacks any = sendWhen("""
        {"ForAnyValue:StringEquals": {"aws:PrincipalServiceName": "sns.amazonaws.com"}}""");

    assertThat(allowed(all, Map.of())).isTrue();
    assertThat(allowed(any, Map.of())).isFalse();
    assertThat(allowed(any, Map.of("aws:PrincipalServiceName", "sns.amazonaws.com"))).isTrue();
    assertThat(allowed(all, Map.of("aws:PrincipalServiceName", "events.amazonaws.com"))).isFalse();
  }

  @Test
  void everyOperatorAndEveryKeyOfTheBlockMustHold() {
    TestStacks stack = sendWhen("""
        {"StringEquals": {"aws:SourceAccount": "000000000000", "aws:PrincipalAccount": "000000000000"},
         "ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:orders"}}""");

    assertThat(allowed(stack, Map.of("aws:SourceAccount", "000000000000",
        "aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:orders"))).isTrue();
    assertThat(allowed(stack, Map.of("aws:SourceAccount", "000000000000",
        "aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:other"))).isFalse();
    assertThat(allowed(stack, Map.of("aws:SourceAccount", "111111111111",
        "aws:SourceArn", "arn:aws:sns:us-east-1:000000000000:orders"))).isFalse();
  }

  @Test
  void conditionKeysCompareWithoutRegardToCase() {
    TestStacks stack = sendWhen("""
        {"StringEquals": {"AWS:SourceAccount": "000000000000"}}""");

    assertThat(allowed(stack, Map.of("aws:sourceaccount", "000000000000"))).isTrue();
    assertThat(allowed(stack, Map.of("aws:sourceaccount", "111111111111"))).isFalse();
  }

  @Test
  void principalKeysAreSuppliedByTheEngine() {
    TestStacks stack = sendWhen("""
        {"StringEquals": {"aws:PrincipalAccount": "000000000000", "aws:PrincipalArn": "%s", "aws:PrincipalType": "AssumedRole"}}"""
        .formatted(WORKER));

    assertThat(allowed(stack, Map.of())).isTrue();
    assertThat(stack.policies.decide(AccessRequest.of("arn:aws:sts::000000000000:assumed-role/Worker/s", "sqs:SendMessage",
        QUEUE)).allowed()).as("a session's principal ARN is its role's").isTrue();
    assertThat(stack.log).isEmpty();
  }

  @Test
  void unknownConditionKeyIsReportedOnceAndTreatedAsMet() {
    TestStacks stack = sendWhen("""
        {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}""");

    boolean first = allowed(stack, Map.of());
    boolean second = stack.policies.decide(AccessRequest.of(WORKER, "sqs:SendMessage", TestStacks.OTHER_QUEUE)).allowed();
    boolean judged = allowed(stack, Map.of("aws:SourceVpce", "vpce-other"));

    assertThat(first).isTrue();
    assertThat(second).isTrue();
    assertThat(judged).as("a key the caller gives is judged").isFalse();
    assertThat(stack.log).containsExactly("identity-based policy WorkerPolicy (AWS::IAM::Policy), statement 'Conditional': "
        + "the condition key aws:SourceVpce is not known to the local system for this call; the condition is treated as met");
  }

  @Test
  void unsupportedOperatorAndPolicyVariableAreReportedAndTreatedAsMet() {
    TestStacks stack = sendWhen("""
        {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
         "StringEquals": {"aws:SourceAccount": "${aws:PrincipalAccount}"}}""");

    assertThat(allowed(stack, Map.of("aws:SourceAccount", "000000000000"))).isTrue();
    assertThat(stack.log).hasSize(2);
    assertThat(stack.log.get(0)).contains("DateGreaterThan is not supported locally");
    assertThat(stack.log.get(1)).contains("aws:SourceAccount").contains("policy variable");
  }

  @Test
  void denyWhoseKeyIsUnknownIsTreatedAsMetAndDenies() {
    TestStacks stack = TestStacks.of(dir, workerPolicy("""
        [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
         {"Sid": "OnlyThroughTheEndpoint", "Effect": "Deny", "Action": "sqs:*", "Resource": "*",
          "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}}]"""));

    AccessDecision unknown = stack.policies.decide(AccessRequest.of(WORKER, "sqs:SendMessage", QUEUE));
    AccessDecision throughEndpoint = stack.policies.decide(
        AccessRequest.of(WORKER, "sqs:SendMessage", QUEUE).with("aws:SourceVpce", "vpce-1a2b3c4d"));

    assertThat(unknown.outcome()).isEqualTo(AccessDecision.Outcome.EXPLICIT_DENY);
    assertThat(stack.log).singleElement().asString().contains("OnlyThroughTheEndpoint").contains("aws:SourceVpce");
    assertThat(throughEndpoint.allowed()).isTrue();
  }
}
