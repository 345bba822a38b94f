package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.RuntimeArtifact;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The default payment step of the order workflow: a Java Lambda function running the simulated
 * gateway of {@code orderflow-runtime}, from the artifact embedded in this library.
 *
 * <p>Its role may write its own log group and send traces, nothing more.
 */
public class PaymentFunction extends Construct {

  /** The runtime the function runs on: the newest Java runtime that aws-cdk-lib offers. */
  public static final Runtime RUNTIME = Runtime.JAVA_25;

  /** What Lambda does with the function's role to run it in a VPC. */
  private static final List<String> VPC_ACTIONS = List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses");

  private final Function function;
  private final ILogGroup logGroup;
  private final Role role;

  /** Creates it with the default props. */
  public PaymentFunction(Construct scope, String id) {
    this(scope, id, PaymentFunctionProps.builder().build());
  }

  /** Creates it from {@code props}, which were checked when they were built. */
  public PaymentFunction(Construct scope, String id, PaymentFunctionProps props) {
    super(scope, id);

    this.logGroup = Encryption.logGroup(this, "LogGroup", Optional.empty(), props.logRetention(),
        props.encryptionKey());
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write any log group.
    this.role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("Runs the OrderFlow payment step")
        .build();
    logGroup.grantWrite(role);

    Function.Builder builder = Function.Builder.create(this, "Function")
        .runtime(RUNTIME)
        .architecture(Architecture.ARM_64)
        .code(RuntimeArtifact.code())
        .handler(RuntimeArtifact.PAYMENT_HANDLER)
        .memorySize(props.memorySize())
        .timeout(props.timeout())
        .role(role)
        .logGroup(logGroup)
        .loggingFormat(LoggingFormat.JSON)
        .applicationLogLevelV2(ApplicationLogLevel.INFO)
        .tracing(Tracing.ACTIVE)
        // Sorted, so the template is the same from one synth to the next.
        .environment(new TreeMap<>(Map.of(
            "ORDERFLOW_APPROVAL_RATE", Double.toString(props.approvalRate()),
            // A short-lived handler gains more from fast start-up than from peak compilation.
            "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")))
        .description("OrderFlow payment step (simulated gateway)");
    props.encryptionKey().ifPresent(key -> {
      builder.environmentEncryption(key);
      key.grantDecrypt(role);
    });
    props.vpc().ifPresent(vpc -> {
      // What Lambda needs to attach the function to the VPC's subnets (CDK adds it only to a role
      // it makes itself), inline rather than as the AWS managed policy that holds the same.
      role.addToPolicy(PolicyStatement.Builder.create()
          .actions(VPC_ACTIONS)
          .resources(List.of("*"))
          .build());
      builder.vpc(vpc);
      props.vpcSubnets().ifPresent(builder::vpcSubnets);
      if (!props.securityGroups().isEmpty()) {
        builder.securityGroups(props.securityGroups());
      }
    });
    this.function = builder.build();
    Validations.of(role).acknowledge(
        Acknowledgment.builder()
            .id("AwsSolutions-IAM5[Resource::*]")
            .reason("X-Ray PutTraceSegments and PutTelemetryRecords accept no resource narrower than *"
                + (props.vpc().isPresent() ? "; and the network interface actions of a function in a VPC ("
                    + String.join(", ", VPC_ACTIONS) + ") are granted on * as AWSLambdaVPCAccessExecutionRole grants"
                    + " them: the Describe actions accept nothing narrower, and the interfaces do not exist before"
                    + " Lambda creates them" : ""))
            .build());
    Validations.of(function).acknowledge(
        Acknowledgment.builder()
            .id("Serverless-LambdaDLQ")
            .reason("Invoked synchronously by the order workflow, which retries and handles failures; "
                + "a dead-letter queue only serves asynchronous invocations")
            .build());
  }

  /** The Lambda function. */
  public IFunction getFunction() {
    return function;
  }

  /** The function's log group. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** The function's own role. */
  public IRole getRole() {
    return role;
  }
}
