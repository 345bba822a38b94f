package dev.orderflow.local.iam;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The AWS managed policies a CDK stack commonly attaches, by the path after
 * {@code arn:<partition>:iam::aws:policy/}. Each grants its actions on every resource; only the
 * action lists are kept, as the AWS managed policy reference lists them.
 */
final class AwsManagedPolicies {

  private static final List<String> LOGS = List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents");

  private static final Map<String, List<String>> ACTIONS = Map.of(
      "service-role/AWSLambdaBasicExecutionRole", LOGS,
      "service-role/AWSAppSyncPushToCloudWatchLogs", LOGS,
      "AWSXRayDaemonWriteAccess", List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords",
          "xray:GetSamplingRules", "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries"),
      "service-role/AWSLambdaVPCAccessExecutionRole", concat(LOGS, List.of("ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses")),
      "service-role/AWSLambdaDynamoDBExecutionRole", concat(LOGS, List.of("dynamodb:DescribeStream",
          "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams")),
      "service-role/AWSLambdaSQSQueueExecutionRole", concat(LOGS, List.of("sqs:ReceiveMessage",
          "sqs:DeleteMessage", "sqs:GetQueueAttributes")),
      "service-role/AWSLambdaRole", List.of("lambda:InvokeFunction"));

  private AwsManagedPolicies() {}

  /**
   * The actions an AWS managed policy grants on every resource.
   *
   * @param arn the policy's ARN, e.g. {@code arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole}
   * @return the actions, or empty when the ARN is not an AWS managed policy this table knows
   */
  static Optional<List<String>> actions(String arn) {
    int at = arn.indexOf(":iam::aws:policy/");
    if (!arn.startsWith("arn:") || at < 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(ACTIONS.get(arn.substring(at + ":iam::aws:policy/".length())));
  }

  /** Whether the ARN names an AWS managed policy (known here or not). */
  static boolean isAwsManaged(String arn) {
    return arn.startsWith("arn:") && arn.contains(":iam::aws:policy/");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
