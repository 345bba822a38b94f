package dev.orderflow.local.assembly;

/**
 * The account and region a stack runs in locally: what the pseudo parameters
 * {@code AWS::Region}, {@code AWS::AccountId}, {@code AWS::Partition} and {@code AWS::URLSuffix}
 * give.
 *
 * @param region the region, e.g. {@code us-east-1}
 * @param accountId the twelve-digit account id
 * @param partition the partition, e.g. {@code aws}
 * @param urlSuffix the domain suffix, e.g. {@code amazonaws.com}
 */
public record AwsEnvironment(String region, String accountId, String partition, String urlSuffix) {

  /** The local default: region {@code us-east-1}, account {@code 000000000000}. */
  public static final AwsEnvironment DEFAULT = new AwsEnvironment("us-east-1", "000000000000", "aws", "amazonaws.com");

  /** Checks the values. */
  public AwsEnvironment {
    if (region == null || !region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
      throw new IllegalArgumentException("region must look like us-east-1, but was " + region);
    }
    if (accountId == null || !accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("accountId must be twelve digits, but was " + accountId);
    }
  }

  /**
   * The same account in another region.
   *
   * @param newRegion the region, e.g. {@code eu-west-1}
   * @return a new environment
   */
  public AwsEnvironment withRegion(String newRegion) {
    return new AwsEnvironment(newRegion, accountId, partition, urlSuffix);
  }

  /**
   * An ARN in this environment.
   *
   * @param service the service, e.g. {@code sqs}
   * @param resource the resource part, e.g. {@code my-queue} or {@code table/Orders}
   * @return {@code arn:<partition>:<service>:<region>:<account>:<resource>}
   */
  public String arn(String service, String resource) {
    return "arn:" + partition + ":" + service + ":" + region + ":" + accountId + ":" + resource;
  }
}
