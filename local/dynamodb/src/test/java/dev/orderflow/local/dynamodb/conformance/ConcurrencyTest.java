package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Optimistic concurrency on one item: many threads race conditional increments. Every write is
 * atomic, so exactly one of the racers for each value wins, and the stream holds exactly the
 * winning changes, in order.
 */
class ConcurrencyTest extends ConformanceSupport {

  private static final int THREADS = 16;
  private static final int TOTAL = 200;

  @Test
  void racingConditionalIncrementsSucceedExactlyOncePerValueAndTheStreamHoldsEachChangeInOrder() throws Exception {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    put(table, item("pk", s("counter"), "n", n(0)));
    AtomicInteger successes = new AtomicInteger();
    AtomicInteger conflicts = new AtomicInteger();
    ConcurrentLinkedQueue<Integer> wonValues = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> racers = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        racers.add(pool.submit(() -> {
          start.await();
          while (true) {
            int seen = Integer.parseInt(get(table, key("counter")).get("n").n());
            if (seen >= TOTAL) {
              return null;
            }
            try {
              String now = ddb.updateItem(r -> r.tableName(table).key(key("counter"))
                  .updateExpression("SET n = n + :one").conditionExpression("n = :expected")
                  .expressionAttributeValues(values(":one", n(1), ":expected", n(seen)))
                  .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("n").n();
              successes.incrementAndGet();
              wonValues.add(Integer.parseInt(now));
            } catch (ConditionalCheckFailedException lost) {
              conflicts.incrementAndGet();
            }
          }
        }));
      }
      start.countDown();
      for (Future<?> racer : racers) {
        racer.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(successes.get()).isEqualTo(TOTAL);
    assertThat(get(table, key("counter")).get("n")).isEqualTo(n(TOTAL));
    assertThat(wonValues).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, TOTAL).boxed().toList());
    System.out.printf("ConcurrencyTest: %d threads, %d successful increments, %d lost races%n",
        THREADS, successes.get(), conflicts.get());

    List<Record> records = awaitRecords(streamArn(table), TOTAL + 1);
    assertThat(records).hasSize(TOTAL + 1);
    assertThat(records.get(0).eventName()).isEqualTo(OperationType.INSERT);
    List<Record> changes = records.subList(1, records.size());
    for (int i = 0; i < TOTAL; i++) {
      Record change = changes.get(i);
      assertThat(change.eventName()).isEqualTo(OperationType.MODIFY);
      assertThat(change.dynamodb().oldImage().get("n")).as("old value of change %d", i).isEqualTo(n(i));
      assertThat(change.dynamodb().newImage().get("n")).as("new value of change %d", i).isEqualTo(n(i + 1));
    }
    assertThat(records.stream().map(ConformanceSupport::sequenceNumber).toList()).isSorted().doesNotHaveDuplicates();
  }
}
