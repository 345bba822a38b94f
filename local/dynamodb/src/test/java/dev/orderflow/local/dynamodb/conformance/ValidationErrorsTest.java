package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The documented error classes: ValidationException for malformed requests, and
 * ResourceNotFoundException for missing tables. Nothing is written by a refused request.
 */
class ValidationErrorsTest extends ConformanceSupport {

  // ---------------------------------------------------------------- expression names and values

  @Test
  void rejectsExpressionAttributeNamesThatNoExpressionUses() {
    String table = hashTable();

    String message = validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a"))
        .conditionExpression("attribute_not_exists(pk)").expressionAttributeNames(names("#unused", "x"))));

    assertThat(message).contains("#unused");
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void rejectsExpressionAttributeValuesThatNoExpressionUses() {
    String table = hashTable();

    String message = validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET v = :v").expressionAttributeValues(values(":v", n(1), ":unused", n(2)))));

    assertThat(message).contains(":unused");
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void rejectsNamesAndValuesThatAreUsedButNotDefined() {
    String table = hashTable();

    String name = validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET #missing = :v").expressionAttributeValues(values(":v", n(1)))));
    String value = validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET v = :missing")));

    assertThat(name).contains("#missing");
    assertThat(value).contains(":missing");
  }

  @Test
  void rejectsUnusedNamesAndValuesInQueriesAndScansToo() {
    String table = hashTable();

    validationError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("a"), ":extra", s("b")))));
    validationError(() -> ddb.scan(r -> r.tableName(table).expressionAttributeNames(names("#x", "x"))));
  }

  @Test
  void rejectsReservedWordsUsedAsNamesInEveryKindOfExpression() {
    String table = hashRangeTable(ScalarAttributeType.S);

    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a", s("b")))
        .conditionExpression("attribute_not_exists(status)")));
    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a", s("b")))
        .updateExpression("SET name = :v").expressionAttributeValues(values(":v", s("x")))));
    validationError(() -> ddb.getItem(r -> r.tableName(table).key(key("a", s("b"))).projectionExpression("size, data")));
    validationError(() -> ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .filterExpression("count > :n").expressionAttributeValues(values(":p", s("a"), ":n", n(1)))));
    validationError(() -> ddb.scan(r -> r.tableName(table).filterExpression("#ok = :v AND Year = :v")
        .expressionAttributeNames(names("#ok", "ok")).expressionAttributeValues(values(":v", n(1)))));
    assertThat(get(table, key("a", s("b")))).isEmpty();
  }

  @Test
  void acceptsReservedWordsThroughExpressionAttributeNames() {
    String table = hashTable();

    ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression("SET #s = :v")
        .expressionAttributeNames(names("#s", "status")).expressionAttributeValues(values(":v", s("PENDING"))));

    assertThat(get(table, key("a")).get("status")).isEqualTo(s("PENDING"));
  }

  // ---------------------------------------------------------------- keys

  @Test
  void rejectsAnItemWithoutItsKeyAttributes() {
    String table = hashRangeTable(ScalarAttributeType.S);

    validationError(() -> put(table, item("pk", s("a"), "v", n(1))));
    validationError(() -> put(table, item("sk", s("a"), "v", n(1))));
  }

  @Test
  void rejectsAKeyThatIsIncompleteOrHasExtraAttributes() {
    String table = hashRangeTable(ScalarAttributeType.S);

    validationError(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("a")))));
    validationError(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("a"), "sk", s("b"), "v", n(1)))));
    validationError(() -> ddb.deleteItem(r -> r.tableName(table).key(item("sk", s("b")))));
  }

  @Test
  void rejectsKeyAttributesOfTheWrongType() {
    String table = hashRangeTable(ScalarAttributeType.N);

    validationError(() -> put(table, item("pk", n(1), "sk", n(1))));
    validationError(() -> put(table, item("pk", s("a"), "sk", s("1"))));
    validationError(() -> put(table, item("pk", bool(true), "sk", n(1))));
    validationError(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s("a"), "sk", s("1")))));
  }

  @Test
  void rejectsEmptyStringKeys() {
    String table = hashRangeTable(ScalarAttributeType.S);

    validationError(() -> put(table, item("pk", s(""), "sk", s("b"))));
    validationError(() -> put(table, item("pk", s("a"), "sk", s(""))));
    validationError(() -> ddb.getItem(r -> r.tableName(table).key(item("pk", s(""), "sk", s("b")))));
  }

  @Test
  void rejectsUpdatesOfKeyAttributes() {
    String table = hashRangeTable(ScalarAttributeType.S);
    put(table, item("pk", s("a"), "sk", s("b")));

    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a", s("b")))
        .updateExpression("SET pk = :v").expressionAttributeValues(values(":v", s("z")))));
    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a", s("b")))
        .updateExpression("REMOVE sk")));
    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a", s("b")))
        .updateExpression("SET sk = :v").expressionAttributeValues(values(":v", s("b")))));

    assertThat(get(table, key("a", s("b")))).isEqualTo(key("a", s("b")));
  }

  // ---------------------------------------------------------------- paths and sizes

  @Test
  void rejectsOverlappingPathsInAnUpdate() {
    String table = hashTable();
    put(table, item("pk", s("a"), "doc", m("x", n(1))));

    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET doc.x = :v, doc = :m").expressionAttributeValues(values(":v", n(2), ":m", m()))));
    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("REMOVE doc.x, doc")));

    assertThat(get(table, key("a"))).isEqualTo(item("pk", s("a"), "doc", m("x", n(1))));
  }

  @Test
  void rejectsItemsLargerThan400Kilobytes() {
    String table = hashTable();
    String almost = "x".repeat(400 * 1024 - 100);
    String over = "x".repeat(400 * 1024 + 1);

    put(table, item("pk", s("fits"), "v", s(almost)));
    validationError(() -> put(table, item("pk", s("too-big"), "v", s(over))));
    validationError(() -> put(table, item("pk", s("too-big"), "v", s(almost), "w", s(almost))));

    assertThat(get(table, key("fits"))).isNotEmpty();
    assertThat(get(table, key("too-big"))).isEmpty();
  }

  @Test
  void attributeNamesCountTowardsTheItemSize() {
    String table = hashTable();
    String longName = "n".repeat(1000);
    String value = "x".repeat(400 * 1024 - 500);

    validationError(() -> put(table, item("pk", s("a"), longName, s(value))));
  }

  @Test
  void rejectsAnUpdateThatWouldGrowAnItemBeyond400Kilobytes() {
    String table = hashTable();
    String half = "x".repeat(250_000);
    put(table, item("pk", s("a"), "v", s(half)));

    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET w = :w").expressionAttributeValues(values(":w", s(half)))));

    assertThat(get(table, key("a"))).doesNotContainKey("w");
  }

  @Test
  void countsItemSizeInUtf8BytesNotCharacters() {
    String table = hashTable();
    // 210,000 characters of two bytes each: over 400 KB although fewer characters than that.
    String twoByteChars = "\u00e9".repeat(210_000);

    validationError(() -> put(table, item("pk", s("a"), "v", s(twoByteChars))));
  }

  @Test
  void enforcesTheKeySizeLimits() {
    String table = hashRangeTable(ScalarAttributeType.S);

    put(table, item("pk", s("p".repeat(2048)), "sk", s("s".repeat(1024))));
    validationError(() -> put(table, item("pk", s("p".repeat(2049)), "sk", s("s"))));
    validationError(() -> put(table, item("pk", s("p"), "sk", s("s".repeat(1025)))));
  }

  @Test
  void enforcesTheNestingDepthLimit() {
    String table = hashTable();

    put(table, item("pk", s("shallow"), "doc", nested(10)));
    validationError(() -> put(table, item("pk", s("deep"), "doc", nested(40))));

    assertThat(get(table, key("shallow")).get("doc")).isEqualTo(nested(10));
  }

  private static AttributeValue nested(int levels) {
    AttributeValue value = s("leaf");
    for (int i = 0; i < levels; i++) {
      value = i % 2 == 0 ? m("k", value) : l(value);
    }
    return value;
  }

  // ---------------------------------------------------------------- attribute values

  @Test
  void rejectsAttributeValuesWithNoTypeOrTwoTypes() {
    String table = hashTable();
    AttributeValue empty = AttributeValue.builder().build();
    AttributeValue twoTypes = AttributeValue.builder().s("a").n("1").build();

    validationError(() -> put(table, item("pk", s("a"), "v", empty)));
    validationError(() -> put(table, item("pk", s("a"), "v", twoTypes)));
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void rejectsMalformedExpressions() {
    String table = hashTable();

    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a")).conditionExpression("attribute_exists(")));
    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a")).conditionExpression("a = = :v")
        .expressionAttributeValues(values(":v", n(1)))));
    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a")).conditionExpression("")));
  }

  @Test
  void rejectsAFunctionWithTheWrongNumberOfArguments() {
    String table = hashTable();

    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a"))
        .conditionExpression("begins_with(pk)")));
    validationError(() -> ddb.putItem(r -> r.tableName(table).item(key("a"))
        .conditionExpression("attribute_exists(pk, :v)").expressionAttributeValues(values(":v", n(1)))));
  }

  // ---------------------------------------------------------------- missing tables

  @Test
  void everyItemOperationOnAMissingTableIsResourceNotFound() {
    String missing = "no-such-table";
    Map<String, AttributeValue> k = key("a");

    failure("ResourceNotFoundException", () -> ddb.getItem(r -> r.tableName(missing).key(k)));
    failure("ResourceNotFoundException", () -> ddb.putItem(r -> r.tableName(missing).item(k)));
    failure("ResourceNotFoundException", () -> ddb.updateItem(r -> r.tableName(missing).key(k)));
    failure("ResourceNotFoundException", () -> ddb.deleteItem(r -> r.tableName(missing).key(k)));
    failure("ResourceNotFoundException", () -> ddb.query(r -> r.tableName(missing).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("a")))));
    failure("ResourceNotFoundException", () -> ddb.updateTable(r -> r.tableName(missing)
        .streamSpecification(s -> s.streamEnabled(false))));
  }
}
