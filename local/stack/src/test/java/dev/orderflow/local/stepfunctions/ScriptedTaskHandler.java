package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A task handler for tests: supports DynamoDB and Lambda resources, answers each Task state with the
 * step a test set for it, and records every call.
 */
final class ScriptedTaskHandler implements TaskHandler {

  /** What one Task state does. */
  @FunctionalInterface
  interface Step {
    JsonNode run(TaskCall call) throws TaskFailure;
  }

  /** A recorded call and when it came, in nanoseconds of {@link System#nanoTime()}. */
  record Call(TaskCall call, long atNanos) {
  }

  private final Map<String, Step> steps = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();

  ScriptedTaskHandler on(String state, Step step) {
    steps.put(state, step);
    return this;
  }

  void reset() {
    steps.clear();
    calls.clear();
  }

  List<Call> calls() {
    return calls;
  }

  List<TaskCall> callsOf(String state) {
    return calls.stream().map(Call::call).filter(call -> call.state().equals(state)).toList();
  }

  @Override
  public boolean supports(String resource) {
    return resource.startsWith("arn:aws:states:::dynamodb:")
        || resource.equals("arn:aws:states:::lambda:invoke")
        || resource.startsWith("arn:aws:lambda:");
  }

  @Override
  public String supportedResources() {
    return "arn:aws:states:::dynamodb:*, arn:aws:states:::lambda:invoke, Lambda function ARNs";
  }

  @Override
  public JsonNode execute(TaskCall call) throws TaskFailure {
    calls.add(new Call(call, System.nanoTime()));
    Step step = steps.get(call.state());
    if (step == null) {
      throw new TaskFailure("Test.NoStep", "the test set no step for state " + call.state());
    }
    return step.run(call);
  }
}
