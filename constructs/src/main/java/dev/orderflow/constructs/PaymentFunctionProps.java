package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Checks;
import dev.orderflow.constructs.internal.Defaults;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.RetentionDays;

/** Props of {@link PaymentFunction}. */
@Value.Immutable
public interface PaymentFunctionProps {

  /**
   * Share of orders the simulated gateway approves, from 0.0 to 1.0. Which orders are approved is
   * a pure function of the order id.
   *
   * @default 0.9
   */
  @Value.Default
  default double approvalRate() {
    return 0.9;
  }

  /**
   * Memory of the function in MiB, from 128 to 10240. CPU grows with memory, and a JVM starts
   * faster with more of it.
   *
   * @default 512
   */
  @Value.Default
  default int memorySize() {
    return 512;
  }

  /**
   * Time one invocation may take, from 1 second to 15 minutes.
   *
   * @default Duration.seconds(10)
   */
  @Value.Default
  default Duration timeout() {
    return Duration.seconds(10);
  }

  /**
   * How long the function's log events are kept.
   *
   * @default RetentionDays.ONE_MONTH
   */
  @Value.Default
  default RetentionDays logRetention() {
    return Defaults.LOG_RETENTION;
  }

  /**
   * Customer-managed KMS key for the function's environment variables and its log group; the
   * function's role may decrypt with it, and CloudWatch Logs may use it (the key's policy).
   *
   * @default - Lambda's and CloudWatch Logs' own encryption
   */
  Optional<IKey> encryptionKey();

  /**
   * A VPC to run the function in, for a payment step that must reach a gateway inside it.
   *
   * @default - no VPC: the function reaches the internet and AWS services directly
   */
  Optional<IVpc> vpc();

  /**
   * The subnets of {@link #vpc()} the function runs in; needs {@code vpc}.
   *
   * @default - the private subnets of the VPC, as CDK chooses them
   */
  Optional<SubnetSelection> vpcSubnets();

  /**
   * The security groups of the function in {@link #vpc()}; needs {@code vpc}.
   *
   * @default - a new security group that allows all outbound traffic
   */
  List<ISecurityGroup> securityGroups();

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    Checks.requireBetween("approvalRate", approvalRate(), 0.0, 1.0);
    Checks.requireBetween("memorySize", memorySize(), 128, 10240);
    Checks.requireSecondsBetween("timeout", timeout(), 1, 900);
    if (vpc().isEmpty() && (vpcSubnets().isPresent() || !securityGroups().isEmpty())) {
      throw new IllegalArgumentException((vpcSubnets().isPresent() ? "vpcSubnets" : "securityGroups")
          + " was provided without vpc: set vpc to run the function in a VPC");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutablePaymentFunctionProps.Builder builder() {
    return ImmutablePaymentFunctionProps.builder();
  }
}
