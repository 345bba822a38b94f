package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Numbers: 38 significant digits, range, normalised form, numeric equality and ordering. */
class NumbersTest extends ConformanceSupport {

  /** Stores the number in a fresh table and reads back what DynamoDB keeps. */
  private AttributeValue roundTrip(String number) {
    String table = hashTable();
    put(table, item("pk", s("a"), "x", n(number)));
    return get(table, key("a")).get("x");
  }

  @Test
  void keepsThirtyEightSignificantDigitsExactly() {
    assertThat(roundTrip("12345678901234567890123456789012345678").n())
        .isEqualTo("12345678901234567890123456789012345678");
    assertThat(roundTrip("-0.12345678901234567890123456789012345678").n())
        .isEqualTo("-0.12345678901234567890123456789012345678");
    assertThat(roundTrip("1234567890123456789.0123456789012345678").n())
        .isEqualTo("1234567890123456789.0123456789012345678");
  }

  @Test
  void countsOnlySignificantDigitsTowardsTheLimit() {
    // 41 digits, but the trailing zeros are not significant.
    assertThat(roundTrip("12345678901234567890123456789012345678000").n())
        .isEqualTo("12345678901234567890123456789012345678000");
  }

  @Test
  void rejectsMoreThanThirtyEightSignificantDigits() {
    String table = hashTable();

    validationError(() -> put(table, item("pk", s("a"), "x", n("123456789012345678901234567890123456789"))));
    validationError(() -> put(table, item("pk", s("a"), "x", n("1.23456789012345678901234567890123456789"))));
  }

  @Test
  void acceptsTheDocumentedRangeAndRejectsBeyondIt() {
    String table = hashTable();

    put(table, item("pk", s("max"), "x", n("9.9999999999999999999999999999999999999E+125")));
    put(table, item("pk", s("min"), "x", n("-9.9999999999999999999999999999999999999E+125")));
    put(table, item("pk", s("tiny"), "x", n("1E-130")));
    validationError(() -> put(table, item("pk", s("big"), "x", n("1E+126"))));
    validationError(() -> put(table, item("pk", s("small"), "x", n("1E-131"))));

    assertThat(get(table, key("max"))).isNotEmpty();
    assertThat(get(table, key("tiny"))).isNotEmpty();
  }

  @Test
  void trimsLeadingAndTrailingZeros() {
    assertThat(roundTrip("1.50").n()).isEqualTo("1.5");
    assertThat(roundTrip("007").n()).isEqualTo("7");
    assertThat(roundTrip("1.0").n()).isEqualTo("1");
    assertThat(roundTrip("-0.50").n()).isEqualTo("-0.5");
    assertThat(roundTrip("0.000").n()).isEqualTo("0");
    assertThat(roundTrip("00.012300").n()).isEqualTo("0.0123");
  }

  @Test
  void keepsIntegersWithTrailingZerosInPlainNotation() {
    assertThat(roundTrip("100").n()).isEqualTo("100");
    assertThat(roundTrip("-2500").n()).isEqualTo("-2500");
  }

  @Test
  void normalisesNumbersInsideSetsListsAndMaps() {
    String table = hashTable();
    put(table, item("pk", s("a"), "set", ns("1.50", "2.0"), "list", l(n("3.10")), "map", m("k", n("04"))));

    Map<String, AttributeValue> read = get(table, key("a"));

    assertThat(read.get("set").ns()).containsExactlyInAnyOrder("1.5", "2");
    assertThat(read.get("list")).isEqualTo(l(n("3.1")));
    assertThat(read.get("map")).isEqualTo(m("k", n("4")));
  }

  @Test
  void rejectsStringsThatAreNotNumbers() {
    String table = hashTable();

    for (String bad : List.of("abc", "1.2.3", "", "1e", "--1", "0x10")) {
      validationError(() -> put(table, item("pk", s("a"), "x", n(bad))));
    }
  }

  @Test
  void numericKeysAreEqualWhateverTheirWriting() {
    String table = createTable(t -> t.keySchema(hashKey("id")).attributeDefinitions(attr("id", ScalarAttributeType.N)));

    put(table, item("id", n("1.50"), "v", s("first")));
    put(table, item("id", n("1.5"), "v", s("second")));
    put(table, item("id", n("1E2"), "v", s("hundred")));

    assertThat(get(table, item("id", n("01.500")))).isEqualTo(item("id", n("1.5"), "v", s("second")));
    assertThat(get(table, item("id", n("100"))).get("v")).isEqualTo(s("hundred"));
    assertThat(ddb.scan(r -> r.tableName(table)).count()).isEqualTo(2);
  }

  @Test
  void sortKeysAreOrderedAsNumbersIncludingNegativesAndDecimals() {
    String table = hashRangeTable(ScalarAttributeType.N);
    List<String> shuffled = List.of("10", "-2.5", "0.001", "2", "-100", "1.5", "0", "1E+3", "-1", "1", "-0.5", "9");
    for (String sk : shuffled) {
      put(table, item("pk", s("p"), "sk", n(sk)));
    }

    List<String> ascending = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :p")
        .expressionAttributeValues(values(":p", s("p")))).items().stream().map(i -> i.get("sk").n()).toList();

    assertThat(ascending).containsExactly("-100", "-2.5", "-1", "-0.5", "0", "0.001", "1", "1.5", "2", "9", "10",
        "1000");
  }

  @Test
  void arithmeticKeepsFullPrecision() {
    String table = hashTable();
    put(table, item("pk", s("a"), "x", n("99999999999999999999999999999999999999"),
        "y", n("0.1"), "z", n("12345678901234567890.123456789")));

    ddb.updateItem(r -> r.tableName(table).key(key("a"))
        .updateExpression("SET x = x + :one, y = y + :two ADD z :tiny")
        .expressionAttributeValues(values(":one", n(1), ":two", n("0.2"), ":tiny", n("0.000000001"))));
    Map<String, AttributeValue> read = get(table, key("a"));

    assertThat(read.get("x").n()).isEqualTo("100000000000000000000000000000000000000");
    assertThat(read.get("y").n()).isEqualTo("0.3");
    assertThat(read.get("z").n()).isEqualTo("12345678901234567890.12345679");
  }

  @Test
  void rejectsDuplicatesInANumberSetByValue() {
    String table = hashTable();

    validationError(() -> put(table, item("pk", s("a"), "set", ns("1", "1.0"))));
  }
}
