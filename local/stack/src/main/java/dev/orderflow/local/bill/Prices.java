package dev.orderflow.local.bill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The price of each line of the bill: the dated list prices of us-east-1 that ship with the local
 * system ({@code prices-us-east-1.json} beside this class), each with the page it came from, or
 * those of a user's file of the same shape, which replaces the prices it names.
 *
 * @param region the region the prices are of
 * @param currency the currency, {@code USD}
 * @param date when the prices were read from their pages
 * @param prices each line's price by its key ({@link Line#priceKey()})
 */
public record Prices(String region, String currency, String date, Map<String, Price> prices) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT = "prices-us-east-1.json";

  /**
   * One price.
   *
   * @param usd what {@code per} units cost
   * @param per how many units {@code usd} buys, e.g. 1,000,000
   * @param source the pricing page it comes from
   */
  public record Price(double usd, double per, String source) {

    /** The price of one unit. */
    public double perUnit() {
      return usd / per;
    }
  }

  /** The prices that ship with the local system. */
  public static Prices defaults() {
    try (InputStream in = Prices.class.getResourceAsStream(DEFAULT)) {
      if (in == null) {
        throw new IllegalStateException("the prices file " + DEFAULT + " is missing from the class path");
      }
      return parse(JSON.readTree(in), null, DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The default prices with those of a user's file put over them: a file may name a few prices
   * only, and its region, currency and date when it gives them.
   *
   * @param file a JSON file shaped like the default one
   * @return the prices
   * @throws IllegalArgumentException naming the file and what is wrong in it
   */
  public static Prices withOverrides(Path file) {
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("prices file " + file + " cannot be read as JSON: " + e.getMessage(), e);
    }
    return parse(tree, defaults(), file.toString());
  }

  private static Prices parse(JsonNode tree, Prices base, String name) {
    if (tree == null || !tree.isObject() || !tree.path("prices").isObject()) {
      throw new IllegalArgumentException("prices file " + name + " must be an object with a \"prices\" object");
    }
    Map<String, Price> prices = new LinkedHashMap<>(base == null ? Map.of() : base.prices());
    var fields = tree.path("prices").fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      if (base != null && !base.prices().containsKey(entry.getKey())) {
        throw new IllegalArgumentException("prices file " + name + " names the price '" + entry.getKey()
            + "', which no line of the bill has; the lines' prices are " + base.prices().keySet());
      }
      JsonNode price = entry.getValue();
      if (!price.path("usd").isNumber() || price.path("usd").asDouble() < 0
          || price.has("per") && !(price.path("per").isNumber() && price.path("per").asDouble() > 0)) {
        throw new IllegalArgumentException("prices file " + name + ": the price '" + entry.getKey()
            + "' needs \"usd\" (a number, 0 or more) and may give \"per\" (a number above 0), but is " + price);
      }
      prices.put(entry.getKey(), new Price(price.get("usd").asDouble(), price.path("per").asDouble(1),
          price.path("source").asText(name)));
    }
    for (Line line : Line.values()) {
      if (!prices.containsKey(line.priceKey())) {
        throw new IllegalArgumentException("prices file " + name + " has no price '" + line.priceKey() + "'");
      }
    }
    return new Prices(text(tree, "region", base == null ? null : base.region()),
        text(tree, "currency", base == null ? null : base.currency()),
        text(tree, "date", base == null ? null : base.date()), Map.copyOf(prices));
  }

  private static String text(JsonNode tree, String field, String otherwise) {
    return tree.hasNonNull(field) ? tree.get(field).asText() : otherwise;
  }

  /** The price of a line. */
  public Price of(Line line) {
    return prices.get(line.priceKey());
  }
}
