package dev.orderflow.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An execution started by a {@link StepFunctionsRunner}: running, or ended. */
public final class Execution {

  private final StepFunctionsRunner runner;
  private final String executionArn;
  private final String stateMachineArn;
  private final String name;
  private final String input;
  private final JsonNode inputJson;
  private final Instant startDate;
  private final CompletableFuture<ExecutionSummary> done = new CompletableFuture<>();
  private volatile String stopError;
  private volatile String stopCause;
  private final List<ObjectNode> events = new ArrayList<>();

  Execution(StepFunctionsRunner runner, String executionArn, String stateMachineArn, String name, String input,
      JsonNode inputJson, Instant startDate) {
    this.runner = runner;
    this.executionArn = executionArn;
    this.stateMachineArn = stateMachineArn;
    this.name = name;
    this.input = input;
    this.inputJson = inputJson;
    this.startDate = startDate;
  }

  /**
   * The execution's ARN.
   *
   * @return its ARN
   */
  public String executionArn() {
    return executionArn;
  }

  /**
   * The ARN of the state machine that it runs.
   *
   * @return the state machine's ARN
   */
  public String stateMachineArn() {
    return stateMachineArn;
  }

  /**
   * The execution's name: the one it was started with, or a generated UUID.
   *
   * @return its name
   */
  public String name() {
    return name;
  }

  /**
   * What is known of it now.
   *
   * @return its summary; status {@link ExecutionStatus#RUNNING} until it ends
   */
  public ExecutionSummary summary() {
    ExecutionSummary ended = done.getNow(null);
    return ended != null
        ? ended
        : new ExecutionSummary(executionArn, stateMachineArn, name, ExecutionStatus.RUNNING, input, null, null, null,
            startDate, null);
  }

  /**
   * Waits for it to end.
   *
   * @param timeout how long to wait at most
   * @return its final summary
   * @throws TimeoutException if it still runs after {@code timeout}
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public ExecutionSummary await(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("execution " + executionArn + " did not complete", e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException("execution " + executionArn + " still runs after " + timeout);
    }
  }

  /**
   * Completes when it ends, with its final summary.
   *
   * @return a stage that completes with the final summary
   */
  public CompletionStage<ExecutionSummary> completion() {
    return done.minimalCompletionStage();
  }

  /**
   * Stops it, as Step Functions' {@code StopExecution} does: it ends {@link ExecutionStatus#ABORTED}
   * with the given error and cause. Does nothing if it has ended already.
   *
   * @param error the error name to record; may be {@code null}
   * @param cause the cause to record; may be {@code null}
   */
  public void stop(String error, String cause) {
    if (done.isDone()) {
      return;
    }
    stopError = error;
    stopCause = cause;
    runner.stop(this);
  }

  /**
   * Its history so far, as Step Functions' {@code GetExecutionHistory} lists it: events in order,
   * each with {@code id} (from 1), {@code previousEventId}, {@code timestamp} (epoch seconds),
   * {@code type} and the details of its type (e.g. {@code taskSucceededEventDetails}).
   *
   * @return a copy of the events
   */
  public List<ObjectNode> events() {
    synchronized (events) {
      return events.stream().map(ObjectNode::deepCopy).toList();
    }
  }

  /** Appends an event of its history, numbering it; the event's timestamp comes in epoch milliseconds. */
  void record(ObjectNode event) {
    synchronized (events) {
      ObjectNode numbered = event.objectNode();
      numbered.put("timestamp", event.path("timestamp").asLong(System.currentTimeMillis()) / 1000.0);
      numbered.put("type", event.path("type").asText());
      numbered.put("id", events.size() + 1);
      numbered.put("previousEventId", events.size());
      if ("ExecutionAborted".equals(numbered.get("type").asText()) && (stopError != null || stopCause != null)) {
        ObjectNode details = numbered.putObject("executionAbortedEventDetails");
        if (stopError != null) {
          details.put("error", stopError);
        }
        if (stopCause != null) {
          details.put("cause", stopCause);
        }
      }
      event.fields().forEachRemaining(field -> {
        if (!numbered.has(field.getKey())) {
          numbered.set(field.getKey(), field.getValue());
        }
      });
      events.add(numbered);
    }
  }

  JsonNode inputJson() {
    return inputJson;
  }

  String input() {
    return input;
  }

  Instant startDate() {
    return startDate;
  }

  String stopError() {
    return stopError;
  }

  String stopCause() {
    return stopCause;
  }

  /** Records how it ended; the first outcome wins. */
  boolean complete(ExecutionStatus status, String output, String error, String cause) {
    return done.complete(new ExecutionSummary(executionArn, stateMachineArn, name, status, input, output, error, cause,
        startDate, Instant.now()));
  }

  boolean isDone() {
    return done.isDone();
  }
}
