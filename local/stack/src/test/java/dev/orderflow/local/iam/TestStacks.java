package dev.orderflow.local.iam;

import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.StackTemplate;
import dev.orderflow.local.assembly.TemplateResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small hand-written templates, read the way the local system reads a synthesized one. */
final class TestStacks {

  static final String ACCOUNT = "000000000000";
  static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/Orders";
  static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:orders";
  static final String OTHER_QUEUE = "arn:aws:sqs:us-east-1:000000000000:other";
  static final String TOPIC = "arn:aws:sns:us-east-1:000000000000:updates";
  static final String OTHER_TOPIC = "arn:aws:sns:us-east-1:000000000000:elsewhere";
  static final String WORKER = "arn:aws:iam::000000000000:role/Worker";
  static final String HELPER = "arn:aws:iam::000000000000:role/Helper";

  /** The resources every test template has: a table, two queues, a topic, and roles Worker and Helper. */
  private static final String COMMON = """
      "Orders": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "Orders"}},
      "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "orders"}},
      "OtherQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "other"}},
      "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "updates"}},
      "Worker": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Worker", "AssumeRolePolicyDocument":
        {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "states.amazonaws.com"}}]}}},
      "Helper": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "Helper", "AssumeRolePolicyDocument":
        {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "lambda.amazonaws.com"}}]}}}
      """;

  final StackPolicies policies;
  final List<String> log;

  private TestStacks(StackPolicies policies, List<String> log) {
    this.policies = policies;
    this.log = log;
  }

  /**
   * A stack of the common resources and more.
   *
   * @param directory where the template is written
   * @param resources more resources, as the members of {@code Resources} (no braces), or empty
   */
  static TestStacks of(Path directory, String resources) {
    String json = "{\"Resources\": {" + COMMON + (resources.isBlank() ? "" : "," + resources) + "}}";
    try {
      Path file = Files.createTempFile(directory, "Test", ".template.json");
      Files.writeString(file, json);
      StackTemplate template = StackTemplate.of(file, "Test");
      TemplateResolver resolver = new TemplateResolver(new ReferenceRegistry(template, AwsEnvironment.DEFAULT));
      List<String> log = new CopyOnWriteArrayList<>();
      return new TestStacks(StackPolicies.read(resolver, log::add), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An {@code AWS::IAM::Policy} of role Worker with the given statements (a JSON array). */
  static String workerPolicy(String statements) {
    return policy("WorkerPolicy", "Worker", statements);
  }

  static String policy(String logicalId, String roleLogicalId, String statements) {
    return """
        "%s": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "%s", "Roles": [{"Ref": "%s"}],
          "PolicyDocument": {"Version": "2012-10-17", "Statement": %s}}}
        """.formatted(logicalId, logicalId, roleLogicalId, statements);
  }

  /** An {@code AWS::SQS::QueuePolicy} on the queue {@code orders} with the given statements. */
  static String queuePolicy(String statements) {
    return """
        "QueuePolicy": {"Type": "AWS::SQS::QueuePolicy", "Properties": {"Queues": [{"Ref": "Queue"}],
          "PolicyDocument": {"Version": "2012-10-17", "Statement": %s}}}
        """.formatted(statements);
  }

  AccessDecision decide(String principal, String action, String resource) {
    return policies.decide(AccessRequest.of(principal, action, resource));
  }
}
