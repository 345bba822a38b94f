package dev.orderflow.client.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a load run cost, as the local system's bill measured it: the difference between its bill
 * ({@code GET /_orderflow/bill} beside the GraphQL endpoint) at the start of the run and at its
 * end, per line and per million orders finished in between. The load test's own reads, which
 * follow the orders but do not make them, are left out of the lines: its {@code getAllOrders} and
 * {@code getSingleOrder} operations, and the read units of the list's {@code Query} and
 * {@code BatchGetItem} calls ({@link #followingReads()}).
 *
 * @param orders orders the system finished between the two readings
 * @param perMillionOrders the cost before email deliveries per million of those orders, in USD
 * @param lines each line of the bill with its count for the whole run
 * @param followingReads what the load test's own reads cost, per million orders, left out of the lines
 */
public record LoadBill(long orders, double perMillionOrders, List<Line> lines, double followingReads) {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How the bill names the receives that found the queue empty. */
  private static final String EMPTY_RECEIVES = "ReceiveMessage (empty)";
  /** What the load test reads to follow its orders, by bill line (service and unit) and the line's detail. */
  private static final Map<String, List<String>> FOLLOWING = Map.of(
      "AppSync\u0000query and mutation operations", List.of("getAllOrders", "getSingleOrder"),
      "DynamoDB\u0000read request units", List.of("Query", "BatchGetItem"));

  /**
   * One line of the run's bill.
   *
   * @param service the service: AppSync, SQS, Pipes, Step Functions, Lambda, DynamoDB, SNS, EventBridge
   * @param unit what is counted, e.g. {@code requests}
   * @param count the units counted in the whole run
   * @param perMillion the line's cost per million orders, in USD
   * @param email whether the line is email deliveries, which {@link #perMillionOrders()} leaves out
   */
  public record Line(String service, String unit, double count, double perMillion, boolean email) {
  }

  /**
   * Reads the bill of the local system that serves a GraphQL endpoint.
   *
   * @param graphqlUrl the endpoint's URL
   * @return the bill as JSON, or empty when the endpoint serves none (a deployed API)
   */
  public static Optional<JsonNode> read(URI graphqlUrl) {
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
          .send(HttpRequest.newBuilder(graphqlUrl.resolve("/_orderflow/bill")).timeout(Duration.ofSeconds(10))
              .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode bill = JSON.readTree(response.body());
      return bill.path("lines").isArray() ? Optional.of(bill) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The run's bill: the end reading less the start reading, line by line.
   *
   * @param start the bill when the run started
   * @param end the bill when it ended
   * @return the run's bill
   */
  public static LoadBill between(JsonNode start, JsonNode end) {
    long orders = end.path("ordersFinished").asLong() - start.path("ordersFinished").asLong();
    Map<String, JsonNode> before = new LinkedHashMap<>();
    start.path("lines").forEach(line -> before.put(key(line), line));
    List<Line> lines = new ArrayList<>();
    double total = 0;
    double followingTotal = 0;
    for (JsonNode line : end.path("lines")) {
      JsonNode earlier = before.get(key(line));
      double count = line.path("count").asDouble() - (earlier == null ? 0 : earlier.path("count").asDouble());
      double cost = line.path("cost").asDouble() - (earlier == null ? 0 : earlier.path("cost").asDouble());
      List<String> ownDetails = FOLLOWING.getOrDefault(key(line), List.of());
      double own = following(line, ownDetails) - (earlier == null ? 0 : following(earlier, ownDetails));
      double ownCost = count > 0 ? cost * own / count : 0;
      double perMillion = orders > 0 ? (cost - ownCost) / orders * 1_000_000 : 0;
      followingTotal += orders > 0 ? ownCost / orders * 1_000_000 : 0;
      boolean email = line.path("unit").asText().contains("email");
      lines.add(new Line(line.path("service").asText(), line.path("unit").asText(), round(count - own, 6),
          round(perMillion, 4), email));
      total += email ? 0 : perMillion;
    }
    return new LoadBill(orders, round(total, 4), List.copyOf(lines), round(followingTotal, 4));
  }

  /**
   * Whether the system did no work between two readings of its bill: every line's count is the
   * same, but for the empty receives that idle pipe pollers keep making, which never stop.
   *
   * @param earlier the first reading
   * @param later the second reading
   * @return true when only empty receives were counted in between
   */
  public static boolean settled(JsonNode earlier, JsonNode later) {
    Map<String, Double> before = new LinkedHashMap<>();
    earlier.path("lines").forEach(line -> before.put(key(line), working(line)));
    Map<String, Double> after = new LinkedHashMap<>();
    later.path("lines").forEach(line -> after.put(key(line), working(line)));
    return before.equals(after);
  }

  private static double working(JsonNode line) {
    return line.path("count").asDouble() - line.path("by").path(EMPTY_RECEIVES).asDouble();
  }

  /** A service's lines together, per million orders. */
  public double perMillion(String service) {
    return lines.stream().filter(line -> line.service().equals(service)).mapToDouble(Line::perMillion).sum();
  }

  /** A line's count under the given details, each also with an index's share ({@code Query (index byCustomer)}). */
  private static double following(JsonNode line, List<String> details) {
    double count = 0;
    var by = line.path("by").fields();
    while (by.hasNext()) {
      var detail = by.next();
      if (details.stream().anyMatch(d -> detail.getKey().equals(d) || detail.getKey().startsWith(d + " ("))) {
        count += detail.getValue().asDouble();
      }
    }
    return count;
  }

  private static String key(JsonNode line) {
    return line.path("service").asText() + "\u0000" + line.path("unit").asText();
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
