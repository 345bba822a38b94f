package dev.orderflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a rule's targets call: the local queues, topics, state machines, functions and GraphQL
 * API. Every ARN is the resolved value from the template. A method fails by throwing: the rule
 * then retries the delivery and at last sends the event to the target's dead-letter queue.
 */
public interface EventTargets {

  /**
   * Sends a message to an SQS queue.
   *
   * @param queueArn the queue
   * @param body the message body
   */
  void sendMessage(String queueArn, String body);

  /**
   * Publishes a message to an SNS topic.
   *
   * @param topicArn the topic
   * @param message the message
   */
  void publish(String topicArn, String message);

  /**
   * Starts an execution of a state machine and does not wait for it.
   *
   * @param stateMachineArn the state machine
   * @param input the execution's input, JSON text
   */
  void startExecution(String stateMachineArn, String input);

  /**
   * Invokes a Lambda function asynchronously, as EventBridge does: a function error is the
   * function's own to retry, not the rule's.
   *
   * @param functionArn the function
   * @param payload the event, JSON text
   */
  void invokeFunction(String functionArn, String payload);

  /**
   * Runs a GraphQL operation on an AppSync API as an IAM caller, the target's role.
   *
   * @param apiArn the API's ARN ({@code GraphQLEndpointArn})
   * @param roleArn the target's role, the caller's identity
   * @param operation the GraphQL document
   * @param variables the operation's variables: the event, or what the target's input makes of it
   * @return AppSync's answer, {@code data} and {@code errors}
   */
  JsonNode graphql(String apiArn, String roleArn, String operation, JsonNode variables);
}
