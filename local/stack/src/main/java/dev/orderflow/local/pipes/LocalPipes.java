package dev.orderflow.local.pipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.ServiceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The template's pipes ({@code AWS::Pipes::Pipe}): each reads its source and calls its target
 * through the gateway as the pipe's role. A DynamoDB stream source is read from the table engine
 * directly. The role's right to read its source is judged when the pipe starts: a pipe that may
 * not read its source does not run, as on AWS, and the denial is printed.
 */
public final class LocalPipes implements LocalService {

  /** The resource type it runs. */
  public static final String TYPE = "AWS::Pipes::Pipe";
  private static final List<String> STREAM_ACTIONS = List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
      "dynamodb:GetShardIterator", "dynamodb:ListStreams");
  private static final List<String> QUEUE_ACTIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage");

  private final CallGateway gateway;
  private final Supplier<DynamoDbEngine> tables;
  private final PipeOptions options;
  private final List<LocalPipe> pipes = new ArrayList<>();
  private final Map<LocalPipe, Caller> callers = new HashMap<>();

  /**
   * Pipes that call through a gateway.
   *
   * @param gateway the path to sources and targets
   * @param tables the table engine, for stream sources
   * @param options local settings
   */
  public LocalPipes(CallGateway gateway, Supplier<DynamoDbEngine> tables, PipeOptions options) {
    this.gateway = gateway;
    this.tables = tables;
    this.options = options;
  }

  @Override
  public Set<String> resourceTypes() {
    return Set.of(TYPE);
  }

  @Override
  public void provision(Provisioning stack) {
    for (Resource resource : stack.resources(Set.of(TYPE))) {
      JsonNode properties = stack.properties(resource);
      String name = stack.physicalName(resource, "Name", 64);
      String pipeArn = stack.environment().arn("pipes", "pipe/" + name);
      Caller caller = properties.hasNonNull("RoleArn") ? Caller.role(properties.get("RoleArn").asText(), pipeArn)
          : Caller.USER;
      SourceQueue source = (operation, request) -> gateway.call(caller, "sqs", operation, request);
      LocalPipe pipe = LocalPipe.create(resource.logicalId(), name, properties, new GatewayPipeTargets(gateway, caller),
          source, tables.get(), options);
      stack.registry().register(resource.logicalId(), name, Map.of("Arn", pipe.arn()));
      pipes.add(pipe);
      callers.put(pipe, caller);
    }
  }

  @Override
  public void start() {
    for (LocalPipe pipe : pipes) {
      if (mayReadSource(pipe)) {
        pipe.start();
      }
    }
  }

  /** Pipes checks its role's access to the source when the pipe starts; without it, the pipe does not run. */
  private boolean mayReadSource(LocalPipe pipe) {
    try {
      for (String action : pipe.sourceArn().contains("/stream/") ? STREAM_ACTIONS : QUEUE_ACTIONS) {
        gateway.authorize(callers.get(pipe), action, pipe.sourceArn());
      }
      return true;
    } catch (ServiceException e) {
      return false;
    }
  }

  /** The pipes, in template order. */
  public List<LocalPipe> pipes() {
    return List.copyOf(pipes);
  }

  /** A pipe with a batch, and a queue that a pipe reads with messages waiting or in flight. */
  @Override
  public List<String> busy() {
    List<String> busy = new ArrayList<>();
    for (LocalPipe pipe : pipes) {
      if (!pipe.idle()) {
        busy.add("pipe " + pipe.logicalId() + " has a batch");
      }
      if (pipe.sourceArn().startsWith("arn:aws:sqs:")) {
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("QueueUrl", pipe.sourceArn());
        request.putArray("AttributeNames").add("All");
        JsonNode attributes = gateway.call(Caller.USER, "sqs", "GetQueueAttributes", request).path("Attributes");
        int messages = attributes.path("ApproximateNumberOfMessages").asInt()
            + attributes.path("ApproximateNumberOfMessagesNotVisible").asInt()
            + attributes.path("ApproximateNumberOfMessagesDelayed").asInt();
        if (messages > 0) {
          busy.add(messages + " message(s) in " + pipe.sourceArn());
        }
      }
    }
    return busy;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (LocalPipe pipe : pipes) {
      try {
        pipe.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
