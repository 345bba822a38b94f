package dev.orderflow.local.bill;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the stack's work in a window would cost on AWS: each line's count at its price.
 *
 * @param prices the prices used
 * @param lines every line, in the order of {@link Line}
 * @param ordersFinished orders that reached a final status in the window
 * @param from the window's start
 * @param to when the bill was read
 */
public record Bill(Prices prices, List<Item> lines, long ordersFinished, Instant from, Instant to) {

  /**
   * One line of a bill.
   *
   * @param line the line
   * @param count the units counted
   * @param price its price
   * @param by the count broken down by what caused it
   */
  public record Item(Line line, double count, Prices.Price price, Map<String, Double> by) {

    /** The line's cost in USD. */
    public double cost() {
      return count * price.perUnit();
    }
  }

  static Bill of(Prices prices, Map<Line, Double> counts, Map<Line, Map<String, Double>> by, long ordersFinished,
      Instant from, Instant to) {
    List<Item> items = new ArrayList<>();
    for (Line line : Line.values()) {
      items.add(new Item(line, counts.get(line), prices.of(line), Map.copyOf(by.get(line))));
    }
    return new Bill(prices, List.copyOf(items), ordersFinished, from, to);
  }

  /** The line of this bill. */
  public Item line(Line line) {
    return lines.get(line.ordinal());
  }

  /** Every line's cost together. */
  public double total() {
    return lines.stream().mapToDouble(Item::cost).sum();
  }

  /** The total without email deliveries. */
  public double totalBeforeEmail() {
    return lines.stream().filter(item -> !item.line().email()).mapToDouble(Item::cost).sum();
  }

  /** The cost of a service's lines, e.g. {@code SQS}. */
  public double cost(String service) {
    return lines.stream().filter(item -> item.line().service().equals(service)).mapToDouble(Item::cost).sum();
  }

  /** The bill as {@code GET /_orderflow/bill} answers it. */
  public ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("region", prices.region()).put("currency", prices.currency()).put("pricesDate", prices.date());
    out.put("from", from.toString()).put("to", to.toString());
    out.put("ordersFinished", ordersFinished);
    var array = out.putArray("lines");
    for (Item item : lines) {
      ObjectNode line = array.addObject();
      line.put("service", item.line().service());
      line.put("unit", item.line().unit());
      line.put("rule", item.line().rule());
      line.put("count", round(item.count()));
      line.putObject("price").put("usd", item.price().usd()).put("per", item.price().per())
          .put("source", item.price().source());
      line.put("cost", round(item.cost()));
      ObjectNode by = line.putObject("by");
      item.by().forEach((detail, count) -> by.put(detail, round(count)));
    }
    out.put("total", round(total()));
    out.put("totalBeforeEmail", round(totalBeforeEmail()));
    if (ordersFinished > 0) {
      out.put("perMillionOrders", round(totalBeforeEmail() / ordersFinished * 1_000_000));
    } else {
      out.putNull("perMillionOrders");
    }
    return out;
  }

  /** Nine significant decimals: counts of GB-seconds and costs of a few calls stay readable. */
  private static double round(double value) {
    return Math.round(value * 1e9) / 1e9;
  }
}
