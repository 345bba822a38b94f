package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderClient;
import dev.orderflow.client.OrderPage;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "Lists the caller's orders, newest first: one page, or with --all every page.",
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow list --local",
        "  orderflow list --local --limit 50 --next-token eyJ2ZXJzaW9uIjoy...",
        "  orderflow list --outputs cdk-outputs.json --all --json"})
final class ListCommand extends ApiCommand {

  @Option(names = "--limit", defaultValue = "20", description = "Orders a page, 1 to 100. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--next-token", paramLabel = "TOKEN", description = "The page after the one that gave this token.")
  String nextToken;

  @Option(names = "--all", description = "Every page, from the newest order to the oldest.")
  boolean all;

  ListCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() {
    if (limit < 1 || limit > 100) {
      throw new UsageException("--limit must be from 1 to 100, but was " + limit);
    }
    OrderClient client = client();
    List<Order> orders = new ArrayList<>();
    String next = null;
    if (all) {
      client.allOrders(limit).forEach(orders::add);
    } else {
      OrderPage page = client.listOrders(limit, nextToken);
      orders.addAll(page.items());
      next = page.nextToken().orElse(null);
    }
    if (jsonOutput) {
      ObjectNode answer = json.createObjectNode();
      ArrayNode items = answer.putArray("items");
      orders.forEach(order -> items.add(printer.toJson(order)));
      answer.put("nextToken", next);
      env.out().println(printer.write(answer));
    } else {
      printer.table(env.out(), orders);
      if (next != null) {
        env.out().println("more: --next-token " + next);
      }
    }
    env.out().flush();
    return ExitCodes.OK;
  }
}
