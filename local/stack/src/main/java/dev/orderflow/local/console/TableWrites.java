package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallListener;
import dev.orderflow.local.gateway.ServiceException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The latest writes to the tables that passed the call gateway (a bounded ring): who wrote, which
 * operation, the request, and whether it was applied or refused (a failed condition is a write that
 * changed nothing, and has no stream record).
 */
final class TableWrites implements CallListener {

  private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
      "TransactWriteItems");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final int limit;
  private final Clock clock;
  private final Deque<ObjectNode> ring = new ArrayDeque<>();

  TableWrites(int limit, Clock clock) {
    this.limit = limit;
    this.clock = clock;
  }

  @Override
  public void called(Call call, JsonNode answer, ServiceException failure, long nanos) {
    if (!call.service().equals("dynamodb") || !WRITES.contains(call.operation())) {
      return;
    }
    ObjectNode write = NODES.objectNode().put("time", clock.instant().toString())
        .put("caller", call.caller().toString()).put("source", call.caller().sourceArn())
        .put("operation", call.operation()).put("tableName", call.request().path("TableName").asText(null))
        .put("applied", failure == null);
    write.set("request", call.request());
    if (failure != null) {
      write.put("error", failure.code()).put("message", failure.getMessage());
    }
    synchronized (this) {
      ring.addLast(write);
      while (ring.size() > limit) {
        ring.removeFirst();
      }
    }
  }

  /**
   * The kept writes whose request names a key value, oldest first.
   *
   * @param keyValue a key attribute's value, e.g. an order id
   * @return the writes
   */
  synchronized List<ObjectNode> naming(String keyValue) {
    String quoted = "\"" + keyValue + "\"";
    List<ObjectNode> found = new ArrayList<>();
    ring.forEach(write -> {
      if (write.path("request").toString().contains(quoted)) {
        found.add(write);
      }
    });
    return found;
  }
}
