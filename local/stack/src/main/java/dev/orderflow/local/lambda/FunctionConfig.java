package dev.orderflow.local.lambda;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One Java Lambda function as the template defines it, resolved.
 *
 * @param logicalId the resource's logical id
 * @param functionName the function's name ({@code FunctionName}, or generated as CloudFormation does)
 * @param functionArn the function's ARN
 * @param runtime the {@code Runtime}, e.g. {@code java21}
 * @param handler the {@code Handler}, e.g. {@code com.example.Handler::handleRequest}
 * @param code the deployment package in the cloud assembly: a zip file or an unpacked directory
 * @param memorySizeMb the {@code MemorySize} (default 128); reported, not enforced
 * @param timeout the {@code Timeout} (default 3 seconds)
 * @param environment the {@code Environment.Variables}
 */
public record FunctionConfig(
    String logicalId,
    String functionName,
    String functionArn,
    String runtime,
    String handler,
    Path code,
    int memorySizeMb,
    Duration timeout,
    Map<String, String> environment) {

  /** Copies the environment. */
  public FunctionConfig {
    environment = Map.copyOf(environment);
  }
}
