package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One run of a Task state, handed to a {@link TaskHandler}.
 *
 * @param executionArn the ARN of the execution that runs the state
 * @param stateMachineArn the ARN of the state machine
 * @param state the Task state's name
 * @param resource the Task state's {@code Resource}, for example
 *     {@code arn:aws:states:::dynamodb:updateItem}, {@code arn:aws:states:::lambda:invoke} or a
 *     Lambda function ARN
 * @param input the state's effective input: its input after {@code InputPath} and {@code Parameters}
 */
public record TaskCall(String executionArn, String stateMachineArn, String state, String resource, JsonNode input) {

  /** Checks that every part is present. */
  public TaskCall {
    Objects.requireNonNull(executionArn, "executionArn");
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(input, "input");
  }
}
