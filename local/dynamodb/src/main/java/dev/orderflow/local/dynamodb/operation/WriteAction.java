package dev.orderflow.local.dynamodb.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.dynamodb.expression.Condition;
import dev.orderflow.local.dynamodb.expression.ExpressionAttributes;
import dev.orderflow.local.dynamodb.expression.Update;
import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.dynamodb.table.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed and validated write: a put, an update, a delete or a condition check. Parsing
 * raises validation errors; {@link #evaluate} runs the condition and the update against the
 * current item, so a transaction can check every action before it writes any.
 */
final class WriteAction {

  enum Kind { PUT, UPDATE, DELETE, CHECK }

  final Kind kind;
  final Table table;
  final Map<String, AttributeValue> key;
  final Map<String, AttributeValue> item;
  final Condition condition;
  final Update update;
  final String returnValues;
  final boolean oldItemOnConditionFailure;

  private WriteAction(Kind kind, Table table, Map<String, AttributeValue> key, Map<String, AttributeValue> item,
      Condition condition, Update update, String returnValues, boolean oldItemOnConditionFailure) {
    this.kind = kind;
    this.table = table;
    this.key = key;
    this.item = item;
    this.condition = condition;
    this.update = update;
    this.returnValues = returnValues;
    this.oldItemOnConditionFailure = oldItemOnConditionFailure;
  }

  /** Parses a PutItem, UpdateItem, DeleteItem or ConditionCheck request (or transaction action). */
  static WriteAction parse(Kind kind, JsonNode request, Database database, boolean inTransaction) {
    return prepare(kind, request, inTransaction).bind(database);
  }

  /** What a request says before its table is known: checked as far as it can be without one. */
  record Prepared(Kind kind, String tableName, Condition condition, Update update, Map<String, AttributeValue> given,
      String returnValues, boolean oldOnFailure) {

    /** The action on its table: the key schema, key sizes and key attributes checked. */
    WriteAction bind(Database database) {
      Table table = database.table(tableName);
      Map<String, AttributeValue> key;
      Map<String, AttributeValue> item = null;
      if (kind == Kind.PUT) {
        item = given;
        Items.checkItem(table, item);
        key = table.keySchema().keyOf(item);
      } else {
        key = Items.key(table, given);
      }
      if (update != null) {
        for (String attribute : update.topLevelAttributes()) {
          if (table.keySchema().isKey(attribute)) {
            throw DynamoDbError.invalidParameter("Cannot update attribute " + attribute
                + ". This attribute is part of the key");
          }
        }
        Map<String, Map<String, String>> indexKeys = new LinkedHashMap<>();
        table.indexes().values().forEach(index -> indexKeys.put(index.name(), index.keySchema().types()));
        update.checkIndexKeys(indexKeys);
      }
      return new WriteAction(kind, table, key, item, condition, update, returnValues, oldOnFailure);
    }
  }

  static Prepared prepare(Kind kind, JsonNode request, boolean inTransaction) {
    // Everything that needs no table comes first, as DynamoDB checks it: a malformed request on a
    // missing table is a validation error, not a missing table.
    String tableName = Requests.required(request, "TableName", "tableName");
    String conditionText = Requests.text(request, "ConditionExpression");
    String updateText = kind == Kind.UPDATE ? Requests.text(request, "UpdateExpression") : null;
    if (kind == Kind.CHECK && conditionText == null) {
      throw DynamoDbError.validation("1 validation error detected: Value null at 'conditionExpression' "
          + "failed to satisfy constraint: Member must not be null");
    }
    String returnValues = "NONE";
    if (!inTransaction) {
      List<String> allowed = switch (kind) {
        case UPDATE -> List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
        default -> List.of("NONE", "ALL_OLD");
      };
      returnValues = Requests.text(request, "ReturnValues");
      if (returnValues == null) {
        returnValues = "NONE";
      } else if (!allowed.contains(returnValues)) {
        throw DynamoDbError.validation(kind == Kind.UPDATE
            ? "1 validation error detected: Value '" + returnValues + "' at 'returnValues' failed to satisfy "
                + "constraint: Member must satisfy enum value set: " + allowed
            : "ReturnValues can only be ALL_OLD or NONE");
      }
    }
    ExpressionAttributes attributes = Requests.attributes(request, conditionText != null || updateText != null);
    Update update = updateText == null ? null : Update.parse(updateText, attributes);
    Condition condition = conditionText == null ? null : Condition.parse(conditionText, attributes, "ConditionExpression");
    attributes.checkAllUsed();
    Map<String, AttributeValue> given = kind == Kind.PUT ? AttributeValues.item(request.get("Item"))
        : Items.keyValues(request.get("Key"));
    boolean oldOnFailure = "ALL_OLD".equals(Requests.oneOf(request, "ReturnValuesOnConditionCheckFailure",
        "returnValuesOnConditionCheckFailure", "NONE", List.of("ALL_OLD", "NONE")));

    return new Prepared(kind, tableName, condition, update, given, returnValues, oldOnFailure);
  }

  /**
   * The item after this action, or null when it deletes the item (or, for a condition check,
   * the current item unchanged). Throws ConditionalCheckFailedException when the condition fails.
   */
  Map<String, AttributeValue> evaluate(Map<String, AttributeValue> current) {
    Map<String, AttributeValue> existing = current == null ? Map.of() : current;
    if (condition != null && !condition.test(existing)) {
      ObjectNode extra = JsonNodeFactory.instance.objectNode();
      if (oldItemOnConditionFailure && current != null) {
        extra.set("Item", AttributeValues.toJson(current));
      }
      throw DynamoDbError.conditionalCheckFailed(extra);
    }
    return switch (kind) {
      case PUT -> item;
      case DELETE -> null;
      case CHECK -> current;
      case UPDATE -> {
        Map<String, AttributeValue> base = current == null ? new LinkedHashMap<>(key) : current;
        Map<String, AttributeValue> updated = update == null ? base : update.apply(base);
        try {
          Items.checkItem(table, updated);
        } catch (DynamoDbError e) {
          // An update that outgrows the item limit is worded for the update, as DynamoDB words it.
          if (e.getMessage().equals("Item size has exceeded the maximum allowed size")) {
            throw DynamoDbError.validation("Item size to update has exceeded the maximum allowed size");
          }
          // A value of the wrong type that only the item could tell (a copied attribute) reaches an
          // index key: the values of known types were refused before the update ran.
          if (e.getMessage().startsWith("One or more parameter values were invalid: Type mismatch for Index Key ")) {
            throw DynamoDbError.validation(
                "The update expression attempted to update the secondary index key to unsupported type");
          }
          throw e;
        }
        yield updated;
      }
    };
  }

  /** Whether the action writes (a condition check does not). */
  boolean writes() {
    return kind != Kind.CHECK;
  }
}
