package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Projection expressions: top-level names, nested map paths, list indexes, names placeholders. */
class ProjectionsTest extends ConformanceSupport {

  private String table;

  @BeforeAll
  void storeTheItem() {
    table = hashTable();
    put(table, item(
        "pk", s("a"),
        "title", s("t"),
        "qty", n(3),
        "doc", m("addr", m("city", s("Rome"), "zip", s("00100")), "phone", s("123")),
        "xs", l(s("zero"), m("label", s("one"), "extra", s("e")), s("two"), l(s("inner0"), s("inner1")))));
  }

  private Map<String, AttributeValue> project(String projection) {
    return ddb.getItem(r -> r.tableName(table).key(key("a")).projectionExpression(projection)).item();
  }

  @Test
  void returnsOnlyTheNamedTopLevelAttributes() {
    assertThat(project("title, qty")).isEqualTo(item("title", s("t"), "qty", n(3)));
    assertThat(project("pk, title")).isEqualTo(item("pk", s("a"), "title", s("t")));
  }

  @Test
  void returnsNestedMapPathsInsideTheirParents() {
    assertThat(project("doc.addr.city")).isEqualTo(item("doc", m("addr", m("city", s("Rome")))));
    assertThat(project("doc.addr.city, doc.phone"))
        .isEqualTo(item("doc", m("addr", m("city", s("Rome")), "phone", s("123"))));
  }

  @Test
  void returnsListElementsByIndexInTheirOrder() {
    assertThat(project("xs[2]")).isEqualTo(item("xs", l(s("two"))));
    assertThat(project("xs[2], xs[0]")).isEqualTo(item("xs", l(s("zero"), s("two"))));
  }

  @Test
  void reachesIntoMapsAndListsInsideLists() {
    assertThat(project("xs[1].label")).isEqualTo(item("xs", l(m("label", s("one")))));
    assertThat(project("xs[3][1]")).isEqualTo(item("xs", l(l(s("inner1")))));
  }

  @Test
  void leavesOutPathsThatDoNotExist() {
    assertThat(project("title, absent, doc.nope, xs[9]")).isEqualTo(item("title", s("t")));
    assertThat(project("absent")).isEmpty();
  }

  @Test
  void resolvesExpressionAttributeNamesInPaths() {
    Map<String, AttributeValue> read = ddb.getItem(r -> r.tableName(table).key(key("a"))
        .projectionExpression("#d.#a.#c").expressionAttributeNames(names("#d", "doc", "#a", "addr", "#c", "city")))
        .item();

    assertThat(read).isEqualTo(item("doc", m("addr", m("city", s("Rome")))));
  }

  @Test
  void appliesToQueryAndScanResults() {
    var queried = ddb.query(r -> r.tableName(table).keyConditionExpression("pk = :a")
        .expressionAttributeValues(values(":a", s("a"))).projectionExpression("doc.phone, qty")).items();
    var scanned = ddb.scan(r -> r.tableName(table).projectionExpression("xs[0]")).items();

    assertThat(queried).containsExactly(item("doc", m("phone", s("123")), "qty", n(3)));
    assertThat(scanned).containsExactly(item("xs", l(s("zero"))));
  }

  @Test
  void rejectsOverlappingOrRepeatedPaths() {
    validationError(() -> project("doc, doc.addr"));
    validationError(() -> project("doc.addr.city, doc.addr"));
    validationError(() -> project("title, title"));
    validationError(() -> project("xs[0], xs[0]"));
  }

  @Test
  void rejectsMalformedProjections() {
    validationError(() -> project("title,,qty"));
    validationError(() -> project("xs[x]"));
    validationError(() -> project("doc."));
  }
}
