package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Binary values (as keys, ordered as unsigned bytes) and the three set types. */
class BinaryAndSetTypesTest extends ConformanceSupport {

  private static List<Integer> unsigned(SdkBytes bytes) {
    byte[] raw = bytes.asByteArray();
    Integer[] values = new Integer[raw.length];
    for (int i = 0; i < raw.length; i++) {
      values[i] = raw[i] & 0xff;
    }
    return List.of(values);
  }

  @Test
  void binaryPartitionKeysFindTheirItems() {
    String table = createTable(t -> t.keySchema(hashKey("id")).attributeDefinitions(attr("id", ScalarAttributeType.B)));

    put(table, item("id", b(0, 255, 16), "v", s("one")));
    put(table, item("id", b(0, 255), "v", s("two")));

    assertThat(get(table, item("id", b(0, 255, 16))).get("v")).isEqualTo(s("one"));
    assertThat(get(table, item("id", b(0, 255))).get("v")).isEqualTo(s("two"));
    assertThat(get(table, item("id", b(0)))).isEmpty();
  }

  @Test
  void binarySortKeysAreOrderedAsUnsignedBytes() {
    String table = hashRangeTable(ScalarAttributeType.B);
    for (AttributeValue sk : List.of(b(0xff), b(0x80), b(0x01, 0x00), b(0x7f), b(0x00), b(0x01))) {
      put(table, item("pk", s("p"), "sk", sk));
    }

    List<List<Integer>> order = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("p")))).items().stream().map(i -> unsigned(i.get("sk").b())).toList();

    assertThat(order).containsExactly(List.of(0x00), List.of(0x01), List.of(0x01, 0x00), List.of(0x7f),
        List.of(0x80), List.of(0xff));
  }

  @Test
  void beginsWithAndBetweenWorkOnBinarySortKeys() {
    String table = hashRangeTable(ScalarAttributeType.B);
    for (AttributeValue sk : List.of(b(0xab, 0x01), b(0xab, 0x02), b(0xac), b(0x10))) {
      put(table, item("pk", s("p"), "sk", sk));
    }

    int prefixed = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND begins_with(sk, :x)")
        .expressionAttributeValues(values(":p", s("p"), ":x", b(0xab)))).count();
    int between = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p AND sk BETWEEN :lo AND :hi")
        .expressionAttributeValues(values(":p", s("p"), ":lo", b(0x80), ":hi", b(0xff)))).count();

    assertThat(prefixed).isEqualTo(2);
    assertThat(between).isEqualTo(3);
  }

  @Test
  void setsComeBackWithTheirElementsInAnyOrder() {
    String table = hashTable();
    put(table, item("pk", s("a"), "ss", ss("b", "a", "c"), "ns", ns("3", "-1", "2.5"), "bs", bs(b(2), b(1))));

    Map<String, AttributeValue> read = get(table, key("a"));

    assertThat(read.get("ss").ss()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(read.get("ns").ns()).containsExactlyInAnyOrder("-1", "2.5", "3");
    assertThat(read.get("bs").bs()).extracting(BinaryAndSetTypesTest::unsigned)
        .containsExactlyInAnyOrder(List.of(1), List.of(2));
  }

  @Test
  void rejectsEmptySetsAnywhereInTheItem() {
    String table = hashTable();

    validationError(() -> put(table, item("pk", s("a"), "ss", ss())));
    validationError(() -> put(table, item("pk", s("a"), "ns", ns())));
    validationError(() -> put(table, item("pk", s("a"), "bs", bs())));
    validationError(() -> put(table, item("pk", s("a"), "doc", m("inner", ss()))));
    assertThat(get(table, key("a"))).isEmpty();
  }

  @Test
  void rejectsSetsWithDuplicateElements() {
    String table = hashTable();

    validationError(() -> put(table, item("pk", s("a"), "ss", ss("x", "x"))));
    validationError(() -> put(table, item("pk", s("a"), "bs", bs(b(1), b(1)))));
  }

  @Test
  void rejectsAnEmptyBinaryKey() {
    String table = createTable(t -> t.keySchema(hashKey("id")).attributeDefinitions(attr("id", ScalarAttributeType.B)));

    validationError(() -> put(table, item("id", b())));
  }

  @Test
  void rejectsSetTypesAsKeyAttributes() {
    String name = newTableName();

    validationError(() -> ddb.createTable(r -> r.tableName(name).billingMode("PAY_PER_REQUEST")
        .keySchema(hashKey("pk"))
        .attributeDefinitions(d -> d.attributeName("pk").attributeType("SS"))));
  }

  @Test
  void containsFindsAnElementOfABinarySet() {
    String table = hashTable();
    put(table, item("pk", s("a"), "bs", bs(b(1, 2), b(3))));

    int matching = ddb.scan(r -> r.tableName(table).filterExpression("contains(bs, :x)")
        .expressionAttributeValues(values(":x", b(3)))).count();
    int notMatching = ddb.scan(r -> r.tableName(table).filterExpression("contains(bs, :x)")
        .expressionAttributeValues(values(":x", b(1)))).count();

    assertThat(matching).isEqualTo(1);
    assertThat(notMatching).isZero();
  }
}
