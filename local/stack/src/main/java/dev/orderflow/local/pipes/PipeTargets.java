package dev.orderflow.local.pipes;

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
      java.util.List<String> resources, java.time.Instant time) throws PipeTargetException {
    throw new PipeTargetException("EventBridge.NotSupported", "these targets cannot put events on " + eventBusArn);
  }
}
