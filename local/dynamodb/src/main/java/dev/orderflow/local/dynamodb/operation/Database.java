package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.StreamRecord;
import dev.orderflow.local.dynamodb.stream.StreamOperations;
import dev.orderflow.local.dynamodb.stream.TableStream;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.Table;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The engine's state and the one entry point of every operation: JSON request in, JSON answer
 * out, or a {@link DynamoDbError}. Writes and transactions hold the write lock, so each is
 * atomic and isolated; reads hold the read lock and see no half-done write.
 */
public final class Database {

  private static final java.util.regex.Pattern TABLE_NAME = java.util.regex.Pattern.compile("[a-zA-Z0-9_.-]+");

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final Map<String, Table> tables = new TreeMap<>();
  final Map<String, TableStream> streams = new LinkedHashMap<>();
  final Map<String, TableStream> currentStreams = new LinkedHashMap<>();
  final String region;
  final String account;
  final Clock clock;
  private final Consumer<StreamRecord> recordSink;
  private final TableOperations tableOperations;
  private final ItemOperations itemOperations;
  private final ReadOperations readOperations;
  private final TransactionOperations transactionOperations;
  private final StreamOperations streamOperations;
  private final TagOperations tagOperations;
  private long sequence = 100_000_000_000_000_000L;
  private boolean serviceWrite;

  /**
   * @param recordSink receives every stream record as it is written, under the write lock; it
   *     must only hand the record over, never block
   */
  public Database(String region, String account, Clock clock, Consumer<StreamRecord> recordSink) {
    this.region = region;
    this.account = account;
    this.clock = clock;
    this.recordSink = recordSink;
    this.tableOperations = new TableOperations(this);
    this.itemOperations = new ItemOperations(this);
    this.readOperations = new ReadOperations(this);
    this.transactionOperations = new TransactionOperations(this);
    this.streamOperations = new StreamOperations(streams);
    this.tagOperations = new TagOperations(this);
  }

  /** Whether {@code operation} is one of the DynamoDB API's (or of the Streams API's, {@code streamsApi} true). */
  public static boolean knows(String operation, boolean streamsApi) {
    return Shapes.known(operation, streamsApi);
  }

  /** Runs one operation of the DynamoDB API (or of the Streams API, {@code streams} true). */
  public ObjectNode execute(String operation, JsonNode request, boolean streamsApi) {
    if (!Shapes.known(operation, streamsApi)) {
      throw DynamoDbError.unknownOperation(operation);
    }
    if (request == null) {
      // An empty body: DynamoDB answers the bare type.
      throw DynamoDbError.serialization(null);
    }
    if (!request.isObject()) {
      // The body is a structure; anything else is refused as DynamoDB refuses a misplaced member.
      throw DynamoDbError.serialization(request != null && request.isArray()
          ? "Start of list found where not expected" : "Expected null");
    }
    // The shape first, then each parameter's constraints, and only then tables and semantics.
    if (Shapes.check(operation, streamsApi, request)) {
      request = Shapes.withoutNulls(request);
    }
    JsonNode checked = request;
    if (!streamsApi) {
      Precheck.check(operation, checked, account);
    }
    if (streamsApi) {
      return read(() -> switch (operation) {
        case "ListStreams" -> streamOperations.listStreams(checked);
        case "DescribeStream" -> streamOperations.describeStream(checked);
        case "GetShardIterator" -> streamOperations.getShardIterator(checked);
        case "GetRecords" -> streamOperations.getRecords(checked);
        default -> throw DynamoDbError.unknownOperation(operation);
      });
    }
    JsonNode rewritten = switch (operation) {
      case "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan" -> Legacy.rewrite(operation, checked);
      default -> checked;
    };
    try {
      if (rewritten != checked) {
        // The engine's own expressions for legacy parameters are parsed without DynamoDB's limits.
        return dev.orderflow.local.dynamodb.expression.Limits.lifted(() -> dispatch(operation, rewritten));
      }
      return dispatch(operation, rewritten);
    } catch (DynamoDbError e) {
      // A legacy QueryFilter runs as a filter expression; DynamoDB names the parameter the client sent.
      String expressionWording = "Filter Expression can only contain non-primary key attributes";
      if (operation.equals("Query") && checked.hasNonNull("QueryFilter") && e.getMessage() != null
          && e.getMessage().startsWith(expressionWording)) {
        throw DynamoDbError.validation("QueryFilter" + e.getMessage().substring("Filter Expression".length()));
      }
      // Legacy AttributeUpdates run as an update expression; an ADD or DELETE on a value of another
      // type is worded for the attribute update.
      if (operation.equals("UpdateItem") && checked.hasNonNull("AttributeUpdates")
          && "An operand in the update expression has an incorrect data type".equals(e.getMessage())) {
        throw DynamoDbError.validation("Type mismatch for attribute to update");
      }
      throw e;
    }
  }

  private ObjectNode dispatch(String operation, JsonNode request) {
    return switch (operation) {
      case "CreateTable" -> write(() -> tableOperations.createTable(request));
      case "DescribeTable" -> read(() -> tableOperations.describeTable(request));
      case "UpdateTable" -> write(() -> tableOperations.updateTable(request));
      case "DeleteTable" -> write(() -> tableOperations.deleteTable(request));
      case "ListTables" -> read(() -> tableOperations.listTables(request));
      case "UpdateTimeToLive" -> write(() -> tableOperations.updateTimeToLive(request));
      case "DescribeTimeToLive" -> read(() -> tableOperations.describeTimeToLive(request));
      case "PutItem" -> write(() -> itemOperations.putItem(request));
      case "GetItem" -> read(() -> itemOperations.getItem(request));
      case "UpdateItem" -> write(() -> itemOperations.updateItem(request));
      case "DeleteItem" -> write(() -> itemOperations.deleteItem(request));
      case "BatchGetItem" -> read(() -> itemOperations.batchGetItem(request));
      case "BatchWriteItem" -> write(() -> itemOperations.batchWriteItem(request));
      case "Query" -> read(() -> readOperations.query(request));
      case "Scan" -> read(() -> readOperations.scan(request));
      case "TransactWriteItems" -> write(() -> transactionOperations.transactWriteItems(request));
      case "TransactGetItems" -> read(() -> transactionOperations.transactGetItems(request));
      case "TagResource" -> write(() -> tagOperations.tagResource(request));
      case "UntagResource" -> write(() -> tagOperations.untagResource(request));
      case "ListTagsOfResource" -> read(() -> tagOperations.listTagsOfResource(request));
      default -> throw DynamoDbError.unknownOperation(operation);
    };
  }

  /** Deletes the items whose time to live has passed, as the service does, with REMOVE records. */
  public int expireItems() {
    lock.writeLock().lock();
    try {
      serviceWrite = true;
      // Stream records are kept for 24 hours, as DynamoDB Streams keeps them.
      streams.values().forEach(stream -> stream.trim(clock.instant()));
      long now = clock.instant().getEpochSecond();
      // Items expired more than five years ago are not deleted, as the documentation says.
      long oldest = now - 5L * 365 * 24 * 3600;
      int deleted = 0;
      for (Table table : tables.values()) {
        String attribute = table.ttlAttribute();
        if (attribute == null) {
          continue;
        }
        List<Map<String, AttributeValue>> expired = new ArrayList<>();
        for (Map<String, AttributeValue> item : table.items().values()) {
          if (item.get(attribute) instanceof AttributeValue.N n) {
            long expiry;
            try {
              expiry = n.value().longValue();
            } catch (ArithmeticException e) {
              continue;
            }
            if (expiry <= now && expiry >= oldest) {
              expired.add(item);
            }
          }
        }
        for (Map<String, AttributeValue> item : expired) {
          table.write(table.keySchema().keyOf(item), null);
          deleted++;
        }
      }
      return deleted;
    } finally {
      serviceWrite = false;
      lock.writeLock().unlock();
    }
  }

  /** Runs an action under the read lock, for callers that inspect tables directly. */
  public <T> T read(java.util.function.Supplier<T> action) {
    lock.readLock().lock();
    try {
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  <T> T write(java.util.function.Supplier<T> action) {
    lock.writeLock().lock();
    try {
      return action.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Wires a new table's changes to its stream, if it has one at the time of the change. */
  void track(Table table) {
    table.onChange((oldItem, newItem) -> {
      TableStream stream = currentStreams.get(table.name());
      if (stream != null && stream.enabled()) {
        String number = String.format("%021d", ++sequence);
        recordSink.accept(stream.append(oldItem, newItem, number, clock.instant(), serviceWrite));
      }
    });
  }

  /** The table a table operation names: not found is worded with the table's name, as DynamoDB does. */
  Table describedTable(String nameOrArn) {
    return table(nameOrArn, false);
  }

  /** The table an item operation names: not found is DynamoDB's bare "Requested resource not found". */
  Table table(String nameOrArn) {
    return table(nameOrArn, true);
  }

  private Table table(String nameOrArn, boolean bare) {
    // A table's ARN serves as its name, as DynamoDB accepts.
    String name = nameOrArn;
    int marker = nameOrArn.indexOf(":table/");
    if (nameOrArn.startsWith("arn:") && marker > 0) {
      name = nameOrArn.substring(marker + ":table/".length());
    }
    if (name == nameOrArn && (name.length() < 3 || name.length() > 255 || !TABLE_NAME.matcher(name).matches())) {
      // A name that no table can have is a validation error, whether or not such a table exists.
      String constraint = name.length() < 3 ? "Member must have length greater than or equal to 3"
          : name.length() > 255 ? "Member must have length less than or equal to 255"
          : "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";
      throw DynamoDbError.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed to "
          + "satisfy constraint: " + constraint);
    }
    Table table = tables.get(name);
    if (table == null) {
      throw DynamoDbError.resourceNotFound(bare ? "Requested resource not found"
          : "Requested resource not found: Table: " + name + " not found");
    }
    return table;
  }

  String tableArn(String name) {
    return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
  }
}
