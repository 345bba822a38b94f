package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Scan: whole tables, paging, filters after Limit, counts, and parallel segments. */
class ScanTest extends ConformanceSupport {

  private static final int ITEMS = 60;

  private String table;
  private List<String> allKeys;

  @BeforeAll
  void storeItems() {
    table = hashRangeTable(ScalarAttributeType.N);
    for (int i = 0; i < ITEMS; i++) {
      // Spread over many partitions, a few items in each.
      put(table, item("pk", s("p" + (i % 13)), "sk", n(i), "odd", bool(i % 2 == 1)));
    }
    allKeys = IntStream.range(0, ITEMS).mapToObj(i -> "p" + (i % 13) + "/" + i).toList();
  }

  private static List<String> keys(ScanResponse response) {
    return response.items().stream().map(i -> i.get("pk").s() + "/" + i.get("sk").n()).toList();
  }

  /** Every page of a scan, following LastEvaluatedKey; the keys of all items seen. */
  private List<String> scanAll(Consumer<ScanRequest.Builder> options) {
    List<String> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    int pages = 0;
    do {
      ScanRequest.Builder request = ScanRequest.builder().tableName(table);
      options.accept(request);
      ScanResponse page = ddb.scan(request.exclusiveStartKey(start).build());
      seen.addAll(keys(page));
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      pages++;
    } while (start != null && pages < 10_000);
    return seen;
  }

  @Test
  void scanReturnsEveryItem() {
    ScanResponse response = ddb.scan(r -> r.tableName(table));

    assertThat(keys(response)).containsExactlyInAnyOrderElementsOf(allKeys);
    assertThat(response.count()).isEqualTo(ITEMS);
    assertThat(response.scannedCount()).isEqualTo(ITEMS);
    assertThat(response.hasLastEvaluatedKey()).isFalse();
  }

  @Test
  void scanOfAnEmptyTableGivesNothing() {
    String empty = hashTable();

    ScanResponse response = ddb.scan(r -> r.tableName(empty));

    assertThat(response.items()).isEmpty();
    assertThat(response.count()).isZero();
  }

  @Test
  void pagingWithLimitVisitsEveryItemExactlyOnce() {
    List<String> seen = scanAll(r -> r.limit(7));

    assertThat(seen).containsExactlyInAnyOrderElementsOf(allKeys);
  }

  @Test
  void filterIsAppliedAfterLimit() {
    ScanResponse response = ddb.scan(r -> r.tableName(table).limit(10)
        .filterExpression("odd = :yes").expressionAttributeValues(values(":yes", bool(true))));

    assertThat(response.scannedCount()).isEqualTo(10);
    assertThat(response.count()).isEqualTo(response.items().size()).isLessThanOrEqualTo(10);
    assertThat(response.items()).allSatisfy(i -> assertThat(i.get("odd").bool()).isTrue());
    assertThat(response.hasLastEvaluatedKey()).isTrue();
  }

  @Test
  void filteredPagingFindsEveryMatchingItem() {
    List<String> seen = scanAll(r -> r.limit(4)
        .filterExpression("odd = :yes").expressionAttributeValues(values(":yes", bool(true))));

    assertThat(seen).containsExactlyInAnyOrderElementsOf(
        allKeys.stream().filter(k -> Integer.parseInt(k.substring(k.indexOf('/') + 1)) % 2 == 1).toList());
  }

  @Test
  void selectCountCountsWithoutItems() {
    ScanResponse response = ddb.scan(r -> r.tableName(table).select(Select.COUNT)
        .filterExpression("odd = :yes").expressionAttributeValues(values(":yes", bool(true))));

    assertThat(response.count()).isEqualTo(ITEMS / 2);
    assertThat(response.scannedCount()).isEqualTo(ITEMS);
    assertThat(response.items()).isEmpty();
  }

  @Test
  void parallelSegmentsTogetherCoverEveryItemExactlyOnce() {
    for (int totalSegments : new int[] {1, 2, 4, 7, 100}) {
      List<String> seen = new ArrayList<>();
      for (int segment = 0; segment < totalSegments; segment++) {
        int current = segment;
        seen.addAll(scanAll(r -> r.segment(current).totalSegments(totalSegments).limit(3)));
      }

      assertThat(seen).as("%d segments", totalSegments).containsExactlyInAnyOrderElementsOf(allKeys);
    }
  }

  @Test
  void aSegmentGivesTheSameItemsWhetherPagedOrNot() {
    List<String> whole = keys(ddb.scan(r -> r.tableName(table).segment(1).totalSegments(3)));
    List<String> paged = scanAll(r -> r.segment(1).totalSegments(3).limit(2));

    assertThat(paged).containsExactlyInAnyOrderElementsOf(whole);
  }

  @Test
  void rejectsSegmentWithoutTotalSegmentsAndTheReverse() {
    validationError(() -> ddb.scan(r -> r.tableName(table).segment(0)));
    validationError(() -> ddb.scan(r -> r.tableName(table).totalSegments(2)));
  }

  @Test
  void rejectsASegmentOutsideTotalSegments() {
    validationError(() -> ddb.scan(r -> r.tableName(table).segment(2).totalSegments(2)));
    validationError(() -> ddb.scan(r -> r.tableName(table).segment(-1).totalSegments(2)));
  }

  @Test
  void rejectsTotalSegmentsOutsideOneToOneMillion() {
    validationError(() -> ddb.scan(r -> r.tableName(table).segment(0).totalSegments(0)));
    validationError(() -> ddb.scan(r -> r.tableName(table).segment(0).totalSegments(1_000_001)));
  }

  @Test
  void scanOfAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.scan(r -> r.tableName("no-such-table")));
  }
}
