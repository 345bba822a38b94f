package dev.orderflow.local.appsync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The traces of the latest requests to a GraphQL endpoint, newest first: a bounded ring, so that
 * memory stays flat however many requests come. A limit of 0 turns tracing off.
 */
public final class RequestTraces {

  /** How many requests are kept unless a builder says otherwise. */
  public static final int DEFAULT_LIMIT = 1_000;

  private final int limit;
  private final Deque<RequestTrace> ring = new ArrayDeque<>();
  private long sequence;

  /**
   * A ring that keeps the latest requests.
   *
   * @param limit how many requests to keep; 0 keeps none
   * @throws IllegalArgumentException when the limit is negative
   */
  public RequestTraces(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("traceLimit must be 0 or more, but " + limit + " was given");
    }
    this.limit = limit;
  }

  /** Nothing recorded, ever: for a system without a GraphQL API. */
  static RequestTraces none() {
    return new RequestTraces(0);
  }

  /**
   * Whether requests are recorded.
   *
   * @return false when the limit is 0
   */
  public boolean enabled() {
    return limit > 0;
  }

  /**
   * How many requests are kept at most.
   *
   * @return the limit
   */
  public int limit() {
    return limit;
  }

  /** The next sequence number; the trace made with it is then given to {@link #add}. */
  synchronized long nextSequence() {
    return ++sequence;
  }

  synchronized void add(RequestTrace trace) {
    if (limit == 0) {
      return;
    }
    ring.addFirst(trace);
    while (ring.size() > limit) {
      ring.removeLast();
    }
  }

  /**
   * Every kept request, newest first.
   *
   * @return a copy
   */
  public synchronized List<RequestTrace> all() {
    return List.copyOf(ring);
  }

  /**
   * The newest request.
   *
   * @return its trace, if any request was recorded
   */
  public synchronized Optional<RequestTrace> latest() {
    return Optional.ofNullable(ring.peekFirst());
  }

  /**
   * A request by its id.
   *
   * @param requestId the {@code x-amzn-RequestId} it was answered with
   * @return its trace, while it is kept
   */
  public synchronized Optional<RequestTrace> get(String requestId) {
    return ring.stream().filter(t -> t.requestId().equals(requestId)).findFirst();
  }

  /**
   * How many requests are kept now.
   *
   * @return the count, at most {@link #limit()}
   */
  public synchronized int size() {
    return ring.size();
  }

  /** Forgets every kept request. */
  public synchronized void clear() {
    ring.clear();
  }

  /** A page of the kept requests, newest first, and where the next page starts (null at the end). */
  record Page(List<RequestTrace> traces, Long next) {
  }

  /** The requests that match, newest first, from the one whose sequence is {@code before} or older. */
  synchronized Page page(Predicate<RequestTrace> filter, int size, Long before) {
    List<RequestTrace> out = new ArrayList<>();
    Iterator<RequestTrace> it = ring.iterator();
    while (it.hasNext()) {
      RequestTrace t = it.next();
      if (before != null && t.sequence() > before) {
        continue;
      }
      if (!filter.test(t)) {
        continue;
      }
      if (out.size() == size) {
        return new Page(out, t.sequence());
      }
      out.add(t);
    }
    return new Page(out, null);
  }
}
