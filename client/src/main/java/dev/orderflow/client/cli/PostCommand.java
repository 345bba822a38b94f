package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.NewOrder;
import dev.orderflow.client.Order;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "post", description = "Posts an order; the API answers it as PENDING and the workflow finishes it.",
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow post --local --name Margherita --quantity 2 --restaurant \"Dominos Pizza\"",
        "  orderflow post --url $URL --api-key $KEY --name Calzone --quantity 1 --restaurant Luigi --client-token order-42 --json"})
final class PostCommand extends ApiCommand {

  @Option(names = "--name", required = true, description = "What is ordered.")
  String name;

  @Option(names = "--quantity", required = true, description = "How many.")
  int quantity;

  @Option(names = "--restaurant", required = true, description = "The restaurant's id.")
  String restaurant;

  @Option(names = "--client-token", paramLabel = "TOKEN",
      description = "Makes the post idempotent: the same token gives the same order. Default: a new random token, so the post can be retried safely.")
  String clientToken;

  PostCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() {
    NewOrder order = NewOrder.builder().name(name).quantity(quantity).restaurantId(restaurant)
        .clientToken(clientToken != null ? clientToken : UUID.randomUUID().toString().replace("-", ""))
        .build();
    Order posted = client().postOrder(order);
    if (jsonOutput) {
      env.out().println(printer.write(printer.toJson(posted)));
    } else {
      printer.table(env.out(), List.of(posted));
    }
    env.out().flush();
    return ExitCodes.OK;
  }
}
