package dev.orderflow.client.load;

import dev.orderflow.client.NewOrder;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderApiException;
import dev.orderflow.client.OrderClient;
import dev.orderflow.client.OrderPage;
import dev.orderflow.client.OrderStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Posts many orders through {@code postOrder}, each with a client token, at a concurrency or a
 * rate, and follows them until final by reading the caller's orders a page at a time (newest
 * first, only as far back as the oldest order still followed). Every latency goes into a histogram.
 *
 * <pre>{@code
 * LoadReport report = new LoadTest(client).run(LoadOptions.builder().orders(200).concurrency(16).build(),
 *     progress -> {});
 * }</pre>
 */
public final class LoadTest {

  /** Up to an hour, to three significant digits, in microseconds. */
  private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);
  private static final int PAGE_SIZE = 100;

  private final OrderClient client;

  /**
   * A load test of the API that this client calls.
   *
   * @param client the client to post and read with
   */
  public LoadTest(OrderClient client) {
    this.client = client;
  }

  /** An order posted and not yet seen final. */
  private record Pending(long postStartNanos, Instant createdAt) {}

  /**
   * Runs the test; returns when every order is final or the deadline after the last post has passed.
   *
   * @param options what to send and how fast
   * @param progress told where the run stands about five times a second, from another thread
   * @return the figures of the run
   * @throws InterruptedException when the calling thread is interrupted
   */
  public LoadReport run(LoadOptions options, Consumer<LoadProgress> progress) throws InterruptedException {
    Histogram postMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    Histogram finalMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
    Map<String, Pending> pending = new ConcurrentHashMap<>();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    LongAdder sent = new LongAdder();
    LongAdder postsFailed = new LongAdder();
    LongAdder finalCount = new LongAdder();
    LongAdder succeeded = new LongAdder();
    LongAdder declined = new LongAdder();
    AtomicLong lastPostAnswer = new AtomicLong();
    AtomicLong lastFinal = new AtomicLong();
    java.util.Optional<com.fasterxml.jackson.databind.JsonNode> billAtStart = LoadBill.read(client.url());
    long start = System.nanoTime();

    ExecutorService posters = Executors.newFixedThreadPool(options.concurrency(), daemon("orderflow-load-post"));
    ScheduledExecutorService reporter = Executors.newScheduledThreadPool(2, daemon("orderflow-load-follow"));
    reporter.scheduleAtFixedRate(() -> progress.accept(new LoadProgress(options.orders(), sent.sum(),
        finalCount.sum(), postsFailed.sum(), Duration.ofNanos(System.nanoTime() - start))), 200, 200, TimeUnit.MILLISECONDS);
    // Reads the orders while posting goes on, so that the time to final is measured as it happens.
    java.util.concurrent.ScheduledFuture<?> poller = reporter.scheduleWithFixedDelay(
        () -> poll(pending, finalMicros, finalCount, succeeded, declined, lastFinal),
        options.pollInterval().toNanos(), options.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
    Semaphore slots = new Semaphore(options.concurrency());
    try {
      for (int i = 0; i < options.orders(); i++) {
        if (options.ratePerSecond().isPresent()) {
          long due = start + (long) (i * 1e9 / options.ratePerSecond().get());
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        slots.acquire();
        int number = i + 1;
        posters.execute(() -> {
          long t0 = System.nanoTime();
          try {
            Order order = client.postOrder(NewOrder.builder()
                .name(options.name() + " " + number)
                .quantity(options.quantity())
                .restaurantId(options.restaurantId())
                .clientToken(options.tokenPrefix() + number)
                .build());
            long t1 = System.nanoTime();
            postMicros.recordValue(Math.min(HIGHEST_MICROS, (t1 - t0) / 1000));
            if (order.orderStatus().isFinal()) {
              // A repeated run's token: the order was finished before.
              finished(order.orderStatus(), t0, t1, finalMicros, finalCount, succeeded, declined, lastFinal);
            } else {
              pending.put(order.id(), new Pending(t0, order.createdAt()));
            }
            sent.increment();
            lastPostAnswer.accumulateAndGet(t1, Math::max);
          } catch (OrderApiException e) {
            errors.computeIfAbsent(e.kind(), k -> new LongAdder()).increment();
            postsFailed.increment();
          } catch (RuntimeException e) {
            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            postsFailed.increment();
          } finally {
            slots.release();
          }
        });
      }
      slots.acquire(options.concurrency());
      long postsDone = System.nanoTime();
      long deadline = postsDone + options.deadline().toNanos();
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(Math.max(1, Math.min(20, (deadline - System.nanoTime()) / 1_000_000)));
      }
      poller.cancel(false);
      long end = pending.isEmpty() ? Math.max(lastFinal.get(), lastPostAnswer.get()) : System.nanoTime();
      long vanished = vanished(pending.keySet(), posters);
      Map<String, Long> errorCounts = new TreeMap<>();
      errors.forEach((kind, count) -> errorCounts.put(kind, count.sum()));
      java.util.Optional<LoadBill> bill = java.util.Optional.empty();
      if (billAtStart.isPresent()) {
        bill = settledBill(options.deadline()).map(last -> LoadBill.between(billAtStart.get(), last));
      }
      return LoadReport.builder()
          .bill(bill)
          .requested(options.orders())
          .sent(sent.sum())
          .postsFailed(postsFailed.sum())
          .finalCount(finalCount.sum())
          .succeeded(succeeded.sum())
          .declined(declined.sum())
          .notFinal(pending.size() - vanished)
          .vanished(vanished)
          .putAllErrors(errorCounts)
          .postMs(Percentiles.of(postMicros))
          .finalMs(Percentiles.of(finalMicros))
          .sendDuration(Duration.ofNanos(Math.max(0, (sent.sum() == 0 ? postsDone : lastPostAnswer.get()) - start)))
          .totalDuration(Duration.ofNanos(Math.max(0, end - start)))
          .pollInterval(options.pollInterval())
          .build();
    } finally {
      posters.shutdownNow();
      reporter.shutdownNow();
      progress.accept(new LoadProgress(options.orders(), sent.sum(), finalCount.sum(), postsFailed.sum(),
          Duration.ofNanos(System.nanoTime() - start)));
    }
  }

  /**
   * The bill once the system is done with the run's orders: the work after an order is final (its
   * email, its events, the updates they publish) lands later, so the bill is read until it stops
   * changing for two seconds (the idle pollers' empty receives aside), for at most the run's deadline.
   */
  private java.util.Optional<com.fasterxml.jackson.databind.JsonNode> settledBill(Duration limit)
      throws InterruptedException {
    java.util.Optional<com.fasterxml.jackson.databind.JsonNode> last = LoadBill.read(client.url());
    long deadline = System.nanoTime() + limit.toNanos();
    while (last.isPresent() && System.nanoTime() < deadline) {
      TimeUnit.SECONDS.sleep(2);
      java.util.Optional<com.fasterxml.jackson.databind.JsonNode> next = LoadBill.read(client.url());
      if (next.isEmpty() || LoadBill.settled(last.get(), next.get())) {
        break;
      }
      last = next;
    }
    return last;
  }

  /**
   * Of the orders not seen final, those the API does not have: each is read once by its id. An
   * order that cannot be read is counted as there.
   */
  private long vanished(Set<String> ids, ExecutorService readers) throws InterruptedException {
    List<Future<Boolean>> reads = new ArrayList<>();
    for (String id : ids) {
      reads.add(readers.submit(() -> client.getOrder(id).isEmpty()));
    }
    long vanished = 0;
    for (Future<Boolean> read : reads) {
      try {
        vanished += read.get() ? 1 : 0;
      } catch (ExecutionException e) {
        // Not known to be gone: it stays not final.
      }
    }
    return vanished;
  }

  /** Reads the caller's orders, newest first, back to the oldest one followed, and takes the final ones out. */
  private void poll(Map<String, Pending> pending, Histogram finalMicros, LongAdder finalCount,
      LongAdder succeeded, LongAdder declined, AtomicLong lastFinal) {
    Instant oldest = pending.values().stream().map(Pending::createdAt).min(Instant::compareTo).orElse(null);
    if (oldest == null) {
      return;
    }
    String token = null;
    try {
      do {
        OrderPage page = client.listOrders(PAGE_SIZE, token);
        long seen = System.nanoTime();
        boolean older = false;
        for (Order order : page.items()) {
          if (order.createdAt().isBefore(oldest)) {
            older = true;
          }
          if (order.orderStatus().isFinal()) {
            Pending followed = pending.remove(order.id());
            if (followed != null) {
              finished(order.orderStatus(), followed.postStartNanos(), seen, finalMicros, finalCount, succeeded,
                  declined, lastFinal);
            }
          }
        }
        token = older || pending.isEmpty() ? null : page.nextToken().orElse(null);
      } while (token != null);
    } catch (RuntimeException e) {
      // A failed read is tried again at the next poll (a scheduled task that throws would stop).
    }
  }

  private static void finished(OrderStatus status, long postStart, long seen, Histogram finalMicros,
      LongAdder finalCount, LongAdder succeeded, LongAdder declined, AtomicLong lastFinal) {
    finalMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, seen - postStart) / 1000));
    (status == OrderStatus.SUCCESS ? succeeded : declined).increment();
    finalCount.increment();
    lastFinal.accumulateAndGet(seen, Math::max);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicLong counter = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
