package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Executes the Task states of the state machines that a {@link StepFunctionsRunner} runs: every
 * Task state, including those in Map item processors and Parallel branches, comes here.
 *
 * <p>{@link #execute(TaskCall)} is called on a thread of the runner's own, and for many executions
 * at once, so implementations must be thread-safe. It may block.
 */
public interface TaskHandler {

  /**
   * Whether this handler can run Task states with the given {@code Resource}. The runner asks at
   * registration, for every Task state of a definition, and refuses a definition with a Task state
   * that this handler does not support.
   *
   * @param resource a Task state's {@code Resource} ARN
   * @return {@code true} if {@link #execute(TaskCall)} can run it
   */
  boolean supports(String resource);

  /**
   * What this handler supports, in words, for the message that refuses an unsupported resource.
   *
   * @return a short description, for example
   *     "arn:aws:states:::dynamodb:putItem, arn:aws:states:::lambda:invoke"
   */
  default String supportedResources() {
    return "the resources that " + getClass().getSimpleName() + " accepts";
  }

  /**
   * Runs one Task state.
   *
   * @param call the execution, the state, its resource and its effective input
   * @return the task's result, which the state's {@code ResultSelector}, {@code ResultPath} and
   *     {@code OutputPath} then process; {@code null} stands for JSON {@code null}
   * @throws TaskFailure to fail the state with an error name and cause that its {@code Retry} and
   *     {@code Catch} fields see. Any other exception fails the state with
   *     {@code States.TaskFailed}.
   */
  JsonNode execute(TaskCall call) throws TaskFailure;
}
