package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Global secondary indexes (sparse, every projection type, kept in step with writes) and local
 * secondary indexes.
 */
class SecondaryIndexesTest extends ConformanceSupport {

  /**
   * Table key (pk, sk); GSI byCustomer (customer, created) ALL; GSI byColourKeys (colour)
   * KEYS_ONLY; GSI byColourInclude (colour, created) INCLUDE title; LSI byPrice (pk, price)
   * KEYS_ONLY.
   */
  private String indexedTable() {
    return createTable(t -> t
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S),
            attr("customer", ScalarAttributeType.S), attr("created", ScalarAttributeType.N),
            attr("colour", ScalarAttributeType.S), attr("price", ScalarAttributeType.N))
        .globalSecondaryIndexes(
            gsi("byCustomer", List.of("customer", "created"), Projection.builder().projectionType(ProjectionType.ALL).build()),
            gsi("byColourKeys", List.of("colour"), Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()),
            gsi("byColourInclude", List.of("colour", "created"), Projection.builder()
                .projectionType(ProjectionType.INCLUDE).nonKeyAttributes("title").build()))
        .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byPrice")
            .keySchema(hashKey("pk"), rangeKey("price"))
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
  }

  private static GlobalSecondaryIndex gsi(String name, List<String> keys, Projection projection) {
    return GlobalSecondaryIndex.builder().indexName(name)
        .keySchema(keys.size() == 1 ? List.of(hashKey(keys.get(0))) : List.of(hashKey(keys.get(0)), rangeKey(keys.get(1))))
        .projection(projection).build();
  }

  private static Map<String, AttributeValue> order(String sk, String customer, int created, String colour, String title) {
    return item("pk", s("shop"), "sk", s(sk), "customer", s(customer), "created", n(created), "colour", s(colour),
        "title", s(title), "notes", s("n-" + sk));
  }

  private QueryResponse queryIndex(String table, String index, String condition, Map<String, AttributeValue> values) {
    return ddb.query(r -> r.tableName(table).indexName(index).keyConditionExpression(condition)
        .expressionAttributeValues(values));
  }

  private static List<String> sortKeys(QueryResponse response) {
    return response.items().stream().map(i -> i.get("sk").s()).toList();
  }

  @Test
  void describeTableShowsTheIndexesWithTheirKeysAndProjections() {
    String table = indexedTable();

    TableDescription described = describe(table);

    assertThat(described.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
        .containsExactlyInAnyOrder("byCustomer", "byColourKeys", "byColourInclude");
    GlobalSecondaryIndexDescription include = described.globalSecondaryIndexes().stream()
        .filter(i -> i.indexName().equals("byColourInclude")).findFirst().orElseThrow();
    assertThat(include.keySchema()).containsExactly(hashKey("colour"), rangeKey("created"));
    assertThat(include.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
    assertThat(include.projection().nonKeyAttributes()).containsExactly("title");
    assertThat(include.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
    assertThat(include.indexArn()).isEqualTo(described.tableArn() + "/index/byColourInclude");
    assertThat(described.localSecondaryIndexes()).extracting(LocalSecondaryIndexDescription::indexName)
        .containsExactly("byPrice");
    assertThat(described.localSecondaryIndexes().get(0).keySchema()).containsExactly(hashKey("pk"), rangeKey("price"));
  }

  @Test
  void globalIndexIsSparse() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));
    put(table, item("pk", s("shop"), "sk", s("no-customer"), "colour", s("red")));

    List<String> inIndex = ddb.scan(r -> r.tableName(table).indexName("byCustomer")).items().stream()
        .map(i -> i.get("sk").s()).toList();

    assertThat(inIndex).containsExactly("o1");
  }

  @Test
  void globalIndexQueryOrdersByTheIndexSortKeyAndAllowsDuplicateIndexKeys() {
    String table = indexedTable();
    put(table, order("o1", "ann", 30, "red", "a"));
    put(table, order("o2", "ann", 10, "red", "b"));
    put(table, order("o3", "ann", 20, "blue", "c"));
    put(table, order("o4", "bob", 10, "red", "d"));
    put(table, order("o5", "ann", 10, "red", "e"));

    QueryResponse anns = queryIndex(table, "byCustomer", "customer = :c", values(":c", s("ann")));
    QueryResponse newest = ddb.query(r -> r.tableName(table).indexName("byCustomer")
        .keyConditionExpression("customer = :c AND created > :t").scanIndexForward(false)
        .expressionAttributeValues(values(":c", s("ann"), ":t", n(15))));

    assertThat(anns.items()).extracting(i -> i.get("created").n()).containsExactly("10", "10", "20", "30");
    assertThat(sortKeys(anns).subList(0, 2)).containsExactlyInAnyOrder("o2", "o5");
    assertThat(sortKeys(newest)).containsExactly("o1", "o3");
  }

  @Test
  void globalIndexPagesWithALastEvaluatedKeyHoldingTableAndIndexKeys() {
    String table = indexedTable();
    for (int i = 0; i < 9; i++) {
      put(table, order("o" + i, "ann", 100 + i % 3, "red", "t" + i));
    }

    List<String> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> exclusiveStart = start;
      QueryResponse page = ddb.query(r -> r.tableName(table).indexName("byCustomer").limit(2)
          .keyConditionExpression("customer = :c").expressionAttributeValues(values(":c", s("ann")))
          .exclusiveStartKey(exclusiveStart));
      if (page.hasLastEvaluatedKey()) {
        assertThat(page.lastEvaluatedKey()).containsOnlyKeys("pk", "sk", "customer", "created");
      }
      seen.addAll(sortKeys(page));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (start != null);

    assertThat(seen).hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void keysOnlyProjectionGivesTableAndIndexKeys() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));

    QueryResponse response = queryIndex(table, "byColourKeys", "colour = :c", values(":c", s("red")));

    assertThat(response.items()).containsExactly(item("pk", s("shop"), "sk", s("o1"), "colour", s("red")));
  }

  @Test
  void includeProjectionGivesKeysAndTheNamedAttributes() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));

    QueryResponse response = queryIndex(table, "byColourInclude", "colour = :c", values(":c", s("red")));

    assertThat(response.items()).containsExactly(
        item("pk", s("shop"), "sk", s("o1"), "colour", s("red"), "created", n(1), "title", s("first")));
  }

  @Test
  void allProjectionGivesWholeItems() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));

    QueryResponse response = ddb.query(r -> r.tableName(table).indexName("byCustomer")
        .keyConditionExpression("customer = :c").expressionAttributeValues(values(":c", s("ann")))
        .select(Select.ALL_PROJECTED_ATTRIBUTES));

    assertThat(response.items()).containsExactly(order("o1", "ann", 1, "red", "first"));
  }

  @Test
  void globalIndexFollowsUpdatesAndDeletes() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));
    put(table, order("o2", "ann", 2, "red", "second"));

    ddb.updateItem(r -> r.tableName(table).key(key("shop", s("o1"))).updateExpression("SET customer = :c")
        .expressionAttributeValues(values(":c", s("bob"))));
    ddb.updateItem(r -> r.tableName(table).key(key("shop", s("o2"))).updateExpression("REMOVE colour"));
    ddb.deleteItem(r -> r.tableName(table).key(key("shop", s("o2"))));
    put(table, order("o3", "ann", 3, "blue", "third"));

    assertThat(sortKeys(queryIndex(table, "byCustomer", "customer = :c", values(":c", s("ann"))))).containsExactly("o3");
    assertThat(sortKeys(queryIndex(table, "byCustomer", "customer = :c", values(":c", s("bob"))))).containsExactly("o1");
    assertThat(sortKeys(queryIndex(table, "byColourKeys", "colour = :c", values(":c", s("red"))))).containsExactly("o1");
  }

  @Test
  void removingTheIndexKeyTakesTheItemOutOfTheIndex() {
    String table = indexedTable();
    put(table, order("o1", "ann", 1, "red", "first"));

    ddb.updateItem(r -> r.tableName(table).key(key("shop", s("o1"))).updateExpression("REMOVE colour"));

    assertThat(queryIndex(table, "byColourKeys", "colour = :c", values(":c", s("red"))).items()).isEmpty();
    assertThat(queryIndex(table, "byCustomer", "customer = :c", values(":c", s("ann"))).count()).isEqualTo(1);
  }

  @Test
  void rejectsConsistentReadsOnAGlobalIndex() {
    String table = indexedTable();

    validationError(() -> ddb.query(r -> r.tableName(table).indexName("byCustomer").consistentRead(true)
        .keyConditionExpression("customer = :c").expressionAttributeValues(values(":c", s("ann")))));
  }

  @Test
  void rejectsAllAttributesOnAGlobalIndexThatDoesNotProjectThem() {
    String table = indexedTable();

    validationError(() -> ddb.query(r -> r.tableName(table).indexName("byColourKeys").select(Select.ALL_ATTRIBUTES)
        .keyConditionExpression("colour = :c").expressionAttributeValues(values(":c", s("red")))));
  }

  @Test
  void rejectsAQueryOnAnUnknownIndex() {
    String table = indexedTable();

    validationError(() -> queryIndex(table, "noSuchIndex", "customer = :c", values(":c", s("ann"))));
  }

  @Test
  void rejectsAnIndexKeyOfTheWrongTypeOrAnEmptyString() {
    String table = indexedTable();

    validationError(() -> put(table, item("pk", s("shop"), "sk", s("o1"), "customer", n(5))));
    validationError(() -> put(table, item("pk", s("shop"), "sk", s("o1"), "customer", s(""))));
    validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("shop", s("o1")))
        .updateExpression("SET created = :v").expressionAttributeValues(values(":v", s("yesterday")))));
    assertThat(get(table, key("shop", s("o1")))).isEmpty();
  }

  @Test
  void localIndexOrdersAPartitionByItsSortKeyAndIsSparse() {
    String table = indexedTable();
    put(table, item("pk", s("shop"), "sk", s("a"), "price", n(30)));
    put(table, item("pk", s("shop"), "sk", s("b"), "price", n(-5)));
    put(table, item("pk", s("shop"), "sk", s("c"), "price", n(12)));
    put(table, item("pk", s("shop"), "sk", s("d")));

    QueryResponse cheapFirst = queryIndex(table, "byPrice", "pk = :p", values(":p", s("shop")));
    QueryResponse below20 = queryIndex(table, "byPrice", "pk = :p AND price < :max", values(":p", s("shop"), ":max", n(20)));

    assertThat(sortKeys(cheapFirst)).containsExactly("b", "c", "a");
    assertThat(sortKeys(below20)).containsExactly("b", "c");
  }

  @Test
  void localIndexCanFetchAttributesItDoesNotProject() {
    String table = indexedTable();
    put(table, item("pk", s("shop"), "sk", s("a"), "price", n(30), "title", s("lamp")));

    QueryResponse projected = queryIndex(table, "byPrice", "pk = :p", values(":p", s("shop")));
    QueryResponse all = ddb.query(r -> r.tableName(table).indexName("byPrice").select(Select.ALL_ATTRIBUTES)
        .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("shop"))));

    assertThat(projected.items()).containsExactly(item("pk", s("shop"), "sk", s("a"), "price", n(30)));
    assertThat(all.items()).containsExactly(item("pk", s("shop"), "sk", s("a"), "price", n(30), "title", s("lamp")));
  }

  @Test
  void localIndexAllowsConsistentReads() {
    String table = indexedTable();
    put(table, item("pk", s("shop"), "sk", s("a"), "price", n(30)));

    QueryResponse response = ddb.query(r -> r.tableName(table).indexName("byPrice").consistentRead(true)
        .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("shop"))));

    assertThat(response.count()).isEqualTo(1);
  }
}
