package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.RuntimeArtifact;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.IRole;
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
import software.amazon.awscdk.services.logs.LogGroup;
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

  private final Function function;
  private final LogGroup logGroup;
  private final Role role;

  /** Creates it with the default props. */
  public PaymentFunction(Construct scope, String id) {
    this(scope, id, PaymentFunctionProps.builder().build());
  }

  /** Creates it from {@code props}, which were checked when they were built. */
  public PaymentFunction(Construct scope, String id, PaymentFunctionProps props) {
    super(scope, id);

    this.logGroup = LogGroup.Builder.create(this, "LogGroup").retention(props.logRetention()).build();
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write any log group.
    this.role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("Runs the OrderFlow payment step")
        .build();
    logGroup.grantWrite(role);

    this.function = Function.Builder.create(this, "Function")
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
        .description("OrderFlow payment step (simulated gateway)")
        .build();

    Validations.of(role).acknowledge(
        Acknowledgment.builder()
            .id("AwsSolutions-IAM5[Resource::*]")
            .reason("X-Ray PutTraceSegments and PutTelemetryRecords accept no resource narrower than *")
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
