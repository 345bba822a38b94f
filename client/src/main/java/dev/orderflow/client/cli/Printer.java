package dev.orderflow.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.client.Order;
import dev.orderflow.client.load.LoadReport;
import dev.orderflow.client.load.Percentiles;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes orders and reports as a table for people or as JSON for machines. */
final class Printer {

  private static final String[] COLUMNS = {"ID", "STATUS", "NAME", "QTY", "RESTAURANT", "CREATED", "DETAIL"};

  /**
   * An instant as the API writes an {@code AWSDateTime}, always with milliseconds:
   * {@code Instant.toString()} leaves out a fraction of zero ({@code ...:37Z} for {@code ...:37.000Z}).
   */
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

  private final ObjectMapper json;

  Printer(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode toJson(Order order) {
    ObjectNode node = json.createObjectNode()
        .put("id", order.id())
        .put("name", order.name())
        .put("quantity", order.quantity())
        .put("restaurantId", order.restaurantId())
        .put("orderStatus", order.orderStatusName());
    node.put("failureReason", order.failureReason().orElse(null));
    node.put("paymentId", order.paymentId().orElse(null));
    if (order.paidQuantity().isPresent()) {
      node.put("paidQuantity", order.paidQuantity().get());
    } else {
      node.putNull("paidQuantity");
    }
    node.put("createdAt", timestamp(order.createdAt()));
    node.put("updatedAt", order.updatedAt().map(Printer::timestamp).orElse(null));
    return node;
  }

  String write(Object node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON", e);
    }
  }

  void table(PrintWriter out, List<Order> orders) {
    List<String[]> rows = new ArrayList<>();
    rows.add(COLUMNS);
    for (Order order : orders) {
      rows.add(new String[] {order.id(), order.orderStatusName(), order.name(), Integer.toString(order.quantity()),
          order.restaurantId(), timestamp(order.createdAt()), detail(order)});
    }
    int[] widths = new int[COLUMNS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : pad(row[i], widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** One line of an order for watch: time, status and what came with it. */
  String line(Order order) {
    String detail = detail(order);
    return timestamp(order.updatedAt().orElse(order.createdAt())) + "  " + order.id() + "  " + order.orderStatusName()
        + (detail.isEmpty() ? "" : "  " + detail);
  }

  static String timestamp(Instant instant) {
    return TIMESTAMP.format(instant);
  }

  private static String detail(Order order) {
    if (order.failureReason().isPresent()) {
      return "reason: " + order.failureReason().get();
    }
    if (order.paymentId().isPresent()) {
      return "payment " + order.paymentId().get() + order.paidQuantity().map(q -> ", paid " + q).orElse("");
    }
    return "";
  }

  ObjectNode toJson(LoadReport report) {
    ObjectNode node = json.createObjectNode()
        .put("requested", report.requested())
        .put("sent", report.sent())
        .put("final", report.finalCount())
        .put("succeeded", report.succeeded())
        .put("declined", report.declined())
        .put("postsFailed", report.postsFailed())
        .put("notFinal", report.notFinal())
        .put("vanished", report.vanished())
        .put("ordersPerSecond", report.ordersPerSecond())
        .put("finalPerSecond", report.finalPerSecond())
        .put("sendSeconds", report.sendDuration().toMillis() / 1000.0)
        .put("totalSeconds", report.totalDuration().toMillis() / 1000.0)
        .put("pollIntervalMs", report.pollInterval().toMillis());
    node.set("postMs", toJson(report.postMs()));
    node.set("finalMs", toJson(report.finalMs()));
    ObjectNode errors = node.putObject("errors");
    report.errors().forEach(errors::put);
    report.bill().ifPresent(bill -> {
      ObjectNode out = node.putObject("bill");
      out.put("orders", bill.orders());
      out.put("perMillionOrders", bill.perMillionOrders());
      out.put("followingReadsPerMillionOrders", bill.followingReads());
      var lines = out.putArray("lines");
      for (var line : bill.lines()) {
        lines.addObject().put("service", line.service()).put("unit", line.unit()).put("count", line.count())
            .put("perMillion", line.perMillion());
      }
    });
    return node;
  }

  private ObjectNode toJson(Percentiles p) {
    return json.createObjectNode().put("count", p.count()).put("p50", p.p50()).put("p95", p.p95()).put("p99", p.p99())
        .put("max", p.max()).put("mean", p.mean());
  }

  void report(PrintWriter out, LoadReport r) {
    out.printf(Locale.ROOT, "orders    requested %d   sent %d   posts failed %d%n", r.requested(), r.sent(),
        r.postsFailed());
    out.printf(Locale.ROOT, "final     %d (SUCCESS %d paid, FAILED %d declined)   not final after the deadline %d"
        + "   vanished %d%n", r.finalCount(), r.succeeded(), r.declined(), r.notFinal(), r.vanished());
    out.printf(Locale.ROOT, "rate      %.1f orders/s sent over %.2f s;  %.1f final/s over %.2f s%n",
        r.ordersPerSecond(), r.sendDuration().toMillis() / 1000.0, r.finalPerSecond(), r.totalDuration().toMillis() / 1000.0);
    out.printf(Locale.ROOT, "%-22s %8s %9s %9s %9s %9s %9s%n", "latency (ms)", "count", "p50", "p95", "p99", "max", "mean");
    row(out, "postOrder", r.postMs());
    row(out, "post -> final", r.finalMs());
    out.printf(Locale.ROOT, "(post -> final is seen by reading the orders every %d ms)%n", r.pollInterval().toMillis());
    if (r.errors().isEmpty()) {
      out.println("errors    none");
    } else {
      out.println("errors");
      r.errors().forEach((kind, count) -> out.printf(Locale.ROOT, "  %-30s %d%n", kind, count));
    }
    r.bill().ifPresent(bill -> {
      out.printf(Locale.ROOT, "bill      $%.2f per million orders before email, measured over %d orders"
          + " (this test's own reads of the orders, $%.2f, left out)%n", bill.perMillionOrders(), bill.orders(),
          bill.followingReads());
      out.printf(Locale.ROOT, "  %-15s %-28s %14s %12s%n", "service", "unit", "count", "$/M orders");
      for (var line : bill.lines()) {
        out.printf(Locale.ROOT, "  %-15s %-28s %14s %12.4f%n", line.service(), line.unit(),
            line.count() == Math.rint(line.count()) ? String.format(Locale.ROOT, "%,.0f", line.count())
                : String.format(Locale.ROOT, "%,.3f", line.count()), line.perMillion());
      }
    });
    out.flush();
  }

  private static void row(PrintWriter out, String name, Percentiles p) {
    out.printf(Locale.ROOT, "%-22s %8d %9.1f %9.1f %9.1f %9.1f %9.1f%n", name, p.count(), p.p50(), p.p95(), p.p99(),
        p.max(), p.mean());
  }

  private static String pad(String text, int width) {
    StringBuilder padded = new StringBuilder(text);
    while (padded.length() < width) {
      padded.append(' ');
    }
    return padded.toString();
  }
}
