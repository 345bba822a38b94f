package dev.orderflow.local.pipes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Records what pipes call; answers as each test scripts it; queues are real ElasticMQ queues. */
final class RecordingTargets implements PipeTargets {

  /** One call: which method, on which ARN, with what text. */
  record Call(String method, String arn, String body) {
  }

  /** A scripted answer of a target. */
  @FunctionalInterface
  interface Answer {
    String answer(String input) throws PipeTargetException;
  }

  private final List<Call> calls = new ArrayList<>();
  private final SqsClient sqs;
  volatile Answer syncExecution = input -> "{}";
  volatile Answer publishing = input -> "";
  volatile Answer function = input -> "{}";

  RecordingTargets(SqsClient sqs) {
    this.sqs = sqs;
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(String method) {
    return calls.stream().filter(call -> call.method().equals(method)).toList();
  }

  synchronized List<Call> calls(Predicate<Call> which) {
    return calls.stream().filter(which).toList();
  }

  private synchronized void record(String method, String arn, String body) {
    calls.add(new Call(method, arn, body));
  }

  @Override
  public String startSyncExecution(String stateMachineArn, String input) throws PipeTargetException {
    record("startSyncExecution", stateMachineArn, input);
    return syncExecution.answer(input);
  }

  @Override
  public void startExecution(String stateMachineArn, String input) throws PipeTargetException {
    record("startExecution", stateMachineArn, input);
  }

  @Override
  public void publish(String topicArn, String message) throws PipeTargetException {
    record("publish", topicArn, message);
    publishing.answer(message);
  }

  /** Records the batch call (its body: the number of messages), then each message as a publish. */
  @Override
  public List<EntryFailure> publishBatch(String topicArn, List<String> messages) throws PipeTargetException {
    record("publishBatch", topicArn, String.valueOf(messages.size()));
    return PipeTargets.super.publishBatch(topicArn, messages);
  }

  @Override
  public void sendMessage(String queueArn, String body) throws PipeTargetException {
    record("sendMessage", queueArn, body);
    String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
    try {
      String url = sqs.getQueueUrl(request -> request.queueName(name)).queueUrl();
      sqs.sendMessage(request -> request.queueUrl(url).messageBody(body));
    } catch (RuntimeException e) {
      throw new PipeTargetException("AWS.SimpleQueueService.NonExistentQueue", "no queue " + name);
    }
  }

  @Override
  public String invokeFunction(String functionArn, String payload) throws PipeTargetException {
    record("invokeFunction", functionArn, payload);
    return function.answer(payload);
  }
}
