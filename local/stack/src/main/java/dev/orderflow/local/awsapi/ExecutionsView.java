package dev.orderflow.local.awsapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Optional;

/**
 * The state machines' executions as {@code /_orderflow/executions} serves them, STANDARD and EXPRESS
 * alike: the local system hands one to the endpoint.
 */
public interface ExecutionsView {

  /** A view of no execution: for a stack without state machines. */
  ExecutionsView NONE = new ExecutionsView() {
    @Override
    public ArrayNode list(String stateMachineArn, String status, String contains) {
      return JsonNodeFactory.instance.arrayNode();
    }

    @Override
    public Optional<JsonNode> describe(String executionArn) {
      return Optional.empty();
    }
  };

  /**
   * The executions kept, newest first, each with ListExecutions' item fields and
   * {@code stateMachineArn}.
   *
   * @param stateMachineArn only this state machine's, or {@code null} for all
   * @param status only those with this status ({@code RUNNING}, {@code SUCCEEDED}...), or {@code null}
   * @param contains only those whose name, input or output contains this text, or {@code null}
   * @return the executions
   */
  ArrayNode list(String stateMachineArn, String status, String contains);

  /**
   * One execution: DescribeExecution's fields and its history as {@code events}.
   *
   * @param executionArn the execution's ARN
   * @return the execution, or empty when none is kept with that ARN
   */
  Optional<JsonNode> describe(String executionArn);
}
