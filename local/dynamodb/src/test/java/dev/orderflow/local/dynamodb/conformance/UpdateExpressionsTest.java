package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Update expressions: SET (arithmetic, functions, nested paths, list indexes), REMOVE, ADD, DELETE. */
class UpdateExpressionsTest extends ConformanceSupport {

  /** A fresh table holding the item, updated once; answers the item afterwards. */
  private Map<String, AttributeValue> afterUpdate(Map<String, AttributeValue> stored, String expression,
      Map<String, AttributeValue> values) {
    String table = hashTable();
    put(table, stored);
    update(table, expression, values);
    return get(table, key(stored.get("pk").s()));
  }

  private void update(String table, String expression, Map<String, AttributeValue> values) {
    ddb.updateItem(r -> r.tableName(table).key(key("a")).updateExpression(expression)
        .expressionAttributeValues(values.isEmpty() ? null : values));
  }

  /** Stores the item in a fresh table, asserts that the update is refused, and that nothing changed. */
  private String refused(Map<String, AttributeValue> stored, String expression, Map<String, AttributeValue> values) {
    String table = hashTable();
    put(table, stored);
    String message = validationError(() -> update(table, expression, values));
    assertThat(get(table, key("a"))).isEqualTo(stored);
    return message;
  }

  // ---------------------------------------------------------------- SET

  @Test
  void setAddsAndSubtractsNumbers() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n(10), "y", n(10)),
        "SET x = x + :five, y = y - :five", values(":five", n(5)));

    assertThat(item.get("x")).isEqualTo(n(15));
    assertThat(item.get("y")).isEqualTo(n(5));
  }

  @Test
  void setArithmeticIsExactDecimalArithmetic() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n("0.1")),
        "SET x = x + :v", values(":v", n("0.2")));

    assertThat(item.get("x")).isEqualTo(n("0.3"));
  }

  @Test
  void setArithmeticCanCombineTwoAttributes() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n(3), "y", n(4)),
        "SET added = x + y, diff = x - y", values());

    assertThat(item.get("added")).isEqualTo(n(7));
    assertThat(item.get("diff")).isEqualTo(n(-1));
  }

  @Test
  void setCopiesOneAttributeToAnother() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", m("k", s("v"))),
        "SET y = x", values());

    assertThat(item.get("y")).isEqualTo(m("k", s("v")));
  }

  @Test
  void setUsesTheValuesTheItemHadBeforeTheUpdate() {
    // Both actions read the old item: x and y are swapped, not both set to one value.
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n(1), "y", n(2)),
        "SET x = y, y = x", values());

    assertThat(item.get("x")).isEqualTo(n(2));
    assertThat(item.get("y")).isEqualTo(n(1));
  }

  @Test
  void ifNotExistsKeepsAnExistingValueAndFillsAMissingOne() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", s("kept")),
        "SET x = if_not_exists(x, :d), y = if_not_exists(y, :d)", values(":d", s("default")));

    assertThat(item.get("x")).isEqualTo(s("kept"));
    assertThat(item.get("y")).isEqualTo(s("default"));
  }

  @Test
  void ifNotExistsStartsACounterThatArithmeticThenIncrements() {
    String table = hashTable();
    put(table, key("a"));

    update(table, "SET hits = if_not_exists(hits, :zero) + :one", values(":zero", n(0), ":one", n(1)));
    update(table, "SET hits = if_not_exists(hits, :zero) + :one", values(":zero", n(0), ":one", n(1)));

    assertThat(get(table, key("a")).get("hits")).isEqualTo(n(2));
  }

  @Test
  void listAppendAddsAtTheEndOrAtTheFront() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", l(s("b")), "y", l(s("b"))),
        "SET x = list_append(x, :tail), y = list_append(:head, y)",
        values(":tail", l(s("c"), s("d")), ":head", l(s("a"))));

    assertThat(item.get("x")).isEqualTo(l(s("b"), s("c"), s("d")));
    assertThat(item.get("y")).isEqualTo(l(s("a"), s("b")));
  }

  @Test
  void listAppendWithIfNotExistsStartsAList() {
    Map<String, AttributeValue> item = afterUpdate(key("a"),
        "SET events = list_append(if_not_exists(events, :none), :e)",
        values(":none", l(), ":e", l(s("created"))));

    assertThat(item.get("events")).isEqualTo(l(s("created")));
  }

  @Test
  void setReachesIntoNestedMapsAndListElements() {
    Map<String, AttributeValue> item = afterUpdate(
        item("pk", s("a"), "doc", m("addr", m("city", s("Rome"))), "xs", l(s("p"), s("q"))),
        "SET doc.addr.city = :c, doc.addr.zip = :z, xs[1] = :q2",
        values(":c", s("Milan"), ":z", s("20100"), ":q2", s("Q")));

    assertThat(item.get("doc")).isEqualTo(m("addr", m("city", s("Milan"), "zip", s("20100"))));
    assertThat(item.get("xs")).isEqualTo(l(s("p"), s("Q")));
  }

  @Test
  void setOfAListIndexBeyondTheEndAppendsTheElement() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "xs", l(s("p"))),
        "SET xs[10] = :v", values(":v", s("z")));

    assertThat(item.get("xs")).isEqualTo(l(s("p"), s("z")));
  }

  @Test
  void rejectsSetOfANestedPathWhoseParentIsMissing() {
    refused(item("pk", s("a"), "doc", m()), "SET doc.addr.city = :c", values(":c", s("Rome")));
    refused(key("a"), "SET absent.city = :c", values(":c", s("Rome")));
  }

  @Test
  void rejectsArithmeticOnAMissingAttribute() {
    refused(key("a"), "SET x = x + :one", values(":one", n(1)));
  }

  @Test
  void rejectsArithmeticOnANonNumber() {
    refused(item("pk", s("a"), "x", s("ten")), "SET x = x + :one", values(":one", n(1)));
    refused(item("pk", s("a"), "x", n(10)), "SET x = x + :one", values(":one", s("1")));
  }

  @Test
  void rejectsListAppendOfANonList() {
    refused(item("pk", s("a"), "x", s("text")), "SET x = list_append(x, :v)", values(":v", l(s("b"))));
  }

  // ---------------------------------------------------------------- REMOVE

  @Test
  void removeDeletesTopLevelAndNestedAttributes() {
    Map<String, AttributeValue> item = afterUpdate(
        item("pk", s("a"), "x", s("gone"), "doc", m("keep", s("k"), "dropped", s("d")), "y", s("kept")),
        "REMOVE x, doc.dropped", values());

    assertThat(item).isEqualTo(item("pk", s("a"), "doc", m("keep", s("k")), "y", s("kept")));
  }

  @Test
  void removeOfListIndexesDropsThoseElementsAndShiftsTheRest() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "xs", l(s("a"), s("b"), s("c"), s("d"))),
        "REMOVE xs[0], xs[2]", values());

    // Indexes refer to the list before the update.
    assertThat(item.get("xs")).isEqualTo(l(s("b"), s("d")));
  }

  @Test
  void removeOfAMissingAttributeOrIndexIsNotAnError() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "xs", l(s("a"))),
        "REMOVE absent, xs[5]", values());

    assertThat(item).isEqualTo(item("pk", s("a"), "xs", l(s("a"))));
  }

  // ---------------------------------------------------------------- ADD

  @Test
  void addIncrementsANumberAndStartsAMissingOneFromZero() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n(10)),
        "ADD x :minus2, y :five", values(":minus2", n(-2), ":five", n(5)));

    assertThat(item.get("x")).isEqualTo(n(8));
    assertThat(item.get("y")).isEqualTo(n(5));
  }

  @Test
  void addJoinsSetsAndCreatesAMissingSet() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "tags", ss("a", "b"), "ids", ns("1")),
        "ADD tags :t, ids :i, fresh :f, bins :b",
        values(":t", ss("b", "c"), ":i", ns("2", "1.0"), ":f", ss("new"), ":b", bs(b(1), b(2))));

    assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(item.get("ids").ns()).containsExactlyInAnyOrder("1", "2");
    assertThat(item.get("fresh").ss()).containsExactly("new");
    assertThat(item.get("bins").bs()).extracting(SdkBytes::asByteArray)
        .containsExactlyInAnyOrder(new byte[] {1}, new byte[] {2});
  }

  @Test
  void rejectsAddOfAnotherSetTypeOrOfAListOrToAString() {
    refused(item("pk", s("a"), "tags", ss("a")), "ADD tags :v", values(":v", ns("1")));
    refused(item("pk", s("a"), "x", l(s("a"))), "ADD x :v", values(":v", l(s("b"))));
    refused(item("pk", s("a"), "x", s("text")), "ADD x :v", values(":v", n(1)));
  }

  // ---------------------------------------------------------------- DELETE

  @Test
  void deleteTakesElementsOutOfASet() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "tags", ss("a", "b", "c"), "ids", ns("1", "2")),
        "DELETE tags :t, ids :i", values(":t", ss("a", "zzz"), ":i", ns("2.0")));

    assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("b", "c");
    assertThat(item.get("ids").ns()).containsExactly("1");
  }

  @Test
  void deletingTheLastElementsRemovesTheSetAttribute() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "tags", ss("a", "b")),
        "DELETE tags :t", values(":t", ss("a", "b")));

    assertThat(item).doesNotContainKey("tags");
  }

  @Test
  void rejectsDeleteWithAnOperandThatIsNotASet() {
    refused(item("pk", s("a"), "tags", ss("a")), "DELETE tags :v", values(":v", s("a")));
    refused(item("pk", s("a"), "tags", ss("a")), "DELETE tags :v", values(":v", ns("1")));
  }

  // ---------------------------------------------------------------- clauses together

  @Test
  void oneExpressionMayHoldEveryClauseInAnyOrder() {
    Map<String, AttributeValue> item = afterUpdate(
        item("pk", s("a"), "gone", s("x"), "n", n(1), "tags", ss("a", "b")),
        "REMOVE gone ADD n :one SET added = :v DELETE tags :a",
        values(":one", n(1), ":v", s("new"), ":a", ss("a")));

    assertThat(item.keySet()).containsExactlyInAnyOrder("pk", "n", "tags", "added");
    assertThat(item.get("n")).isEqualTo(n(2));
    assertThat(item.get("added")).isEqualTo(s("new"));
    assertThat(item.get("tags").ss()).containsExactly("b");
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Map<String, AttributeValue> item = afterUpdate(item("pk", s("a"), "x", n(1)),
        "set y = :v remove x", values(":v", n(2)));

    assertThat(item).isEqualTo(item("pk", s("a"), "y", n(2)));
  }

  @Test
  void rejectsAClauseThatAppearsTwice() {
    refused(key("a"), "SET x = :v SET y = :v", values(":v", n(1)));
  }

  @Test
  void rejectsTwoActionsOnTheSamePathOrOverlappingPaths() {
    refused(key("a"), "SET x = :v, x = :w", values(":v", n(1), ":w", n(2)));
    refused(item("pk", s("a"), "doc", m("k", s("v"))), "SET doc = :v REMOVE doc.k", values(":v", m()));
    refused(item("pk", s("a"), "x", n(1)), "SET x = :v ADD x :v", values(":v", n(1)));
  }

  @Test
  void rejectsAnEmptyOrMalformedUpdateExpression() {
    refused(key("a"), "", values());
    refused(key("a"), "SET", values());
    refused(key("a"), "SET x :v", values(":v", n(1)));
    refused(key("a"), "PUT x = :v", values(":v", n(1)));
  }
}
