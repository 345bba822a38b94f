package dev.orderflow.local.pipes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pipe can call. The runner implements it over its local engines; a test may record the
 * calls instead. Every ARN is the resolved value from the template.
 */
public interface PipeTargets {

  /**
   * Starts a synchronous execution ({@code StartSyncExecution}, invocation type
   * {@code REQUEST_RESPONSE}) and waits for its end.
   *
   * @param stateMachineArn the state machine
   * @param input the execution's input, a JSON text
   * @return the execution's output, a JSON text
   * @throws PipeTargetException when the execution cannot start or ends FAILED, TIMED_OUT or ABORTED
   */
  String startSyncExecution(String stateMachineArn, String input) throws PipeTargetException;

  /**
   * Starts an execution and does not wait for it ({@code StartExecution}, invocation type
   * {@code FIRE_AND_FORGET}).
   *
   * @param stateMachineArn the state machine
   * @param input the execution's input, a JSON text
   * @throws PipeTargetException when the execution cannot start
   */
  void startExecution(String stateMachineArn, String input) throws PipeTargetException;

  /**
   * Publishes one message to an SNS topic.
   *
   * @param topicArn the topic
   * @param message the message text
   * @throws PipeTargetException when the topic does not take the message
   */
  void publish(String topicArn, String message) throws PipeTargetException;

  /**
   * Sends one message to an SQS queue: a pipe's target or its dead-letter queue.
   *
   * @param queueArn the queue
   * @param body the message body
   * @throws PipeTargetException when the queue does not take the message
   */
  void sendMessage(String queueArn, String body) throws PipeTargetException;

  /**
   * Invokes a Lambda function synchronously.
   *
   * @param functionArn the function
   * @param payload the event, a JSON text
   * @return the function's answer, a JSON text
   * @throws PipeTargetException when the function reports an error or cannot be invoked
   */
  String invokeFunction(String functionArn, String payload) throws PipeTargetException;

  /**
   * Puts one event on an EventBridge event bus.
   *
   * @param eventBusArn the bus
   * @param source the entry's source
   * @param detailType the entry's detail type
   * @param detail the entry's detail, JSON text of an object
   * @param resources the entry's resources
   * @param time the entry's time, or null for now
   * @throws PipeTargetException when the bus refuses the entry
   */
  default void putEvent(String eventBusArn, String source, String detailType, String detail,
      List<String> resources, Instant time) throws PipeTargetException {
    throw new PipeTargetException("EventBridge.NotSupported", "these targets cannot put events on " + eventBusArn);
  }

  /**
   * One entry of a batch call that the target refused while taking the others.
   *
   * @param index the entry's place in the batch, from 0
   * @param error the error code, as Pipes names a target failure
   * @param cause what the target said
   */
  record EntryFailure(int index, String error, String cause) {
  }

  /**
   * Publishes a batch to an SNS topic in one {@code PublishBatch} call, as Pipes maps a batch to a
   * target's batch API. By default one {@link #publish} per message.
   *
   * @param topicArn the topic
   * @param messages the messages, 1 to 10
   * @return the entries the topic refused, none when all were published
   * @throws PipeTargetException when the topic refuses the whole call
   */
  default List<EntryFailure> publishBatch(String topicArn, List<String> messages)
      throws PipeTargetException {
    return oneByOne(messages.size(), i -> publish(topicArn, messages.get(i)));
  }

  /**
   * Sends a batch to an SQS queue in one {@code SendMessageBatch} call. By default one
   * {@link #sendMessage} per body.
   *
   * @param queueArn the queue
   * @param bodies the message bodies, 1 to 10
   * @return the entries the queue refused, none when all were sent
   * @throws PipeTargetException when the queue refuses the whole call
   */
  default List<EntryFailure> sendMessageBatch(String queueArn, List<String> bodies)
      throws PipeTargetException {
    return oneByOne(bodies.size(), i -> sendMessage(queueArn, bodies.get(i)));
  }

  /**
   * Puts a batch of events on an EventBridge event bus in one {@code PutEvents} call, each entry
   * with the same source, detail type, resources and time. By default one {@link #putEvent} per
   * detail.
   *
   * @param eventBusArn the bus
   * @param source each entry's source
   * @param detailType each entry's detail type
   * @param details the entries' details, JSON texts of objects, 1 to 10
   * @param resources each entry's resources
   * @param time each entry's time, or null for now
   * @return the entries the bus refused, none when all were put
   * @throws PipeTargetException when the bus refuses the whole call
   */
  default List<EntryFailure> putEvents(String eventBusArn, String source, String detailType, List<String> details,
      List<String> resources, Instant time) throws PipeTargetException {
    return oneByOne(details.size(), i -> putEvent(eventBusArn, source, detailType, details.get(i), resources, time));
  }

  /** One call of a batch's entry, for targets that take the entries one by one. */
  @FunctionalInterface
  interface EntryCall {
    void call(int index) throws PipeTargetException;
  }

  private static List<EntryFailure> oneByOne(int entries, EntryCall call) {
    List<EntryFailure> failures = new ArrayList<>();
    for (int i = 0; i < entries; i++) {
      try {
        call.call(i);
      } catch (PipeTargetException e) {
        failures.add(new EntryFailure(i, e.error(), e.detail()));
      }
    }
    return failures;
  }
}
