package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderUpdate;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "update", description = "Changes a PENDING order of the caller: the fields given.",
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow update --local 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90 --quantity 3",
        "  orderflow update --local 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90 --name Calzone --restaurant Luigi --json"})
final class UpdateCommand extends ApiCommand {

  @Parameters(paramLabel = "ID", description = "The order's id.")
  String id;

  @Option(names = "--name", description = "A new name.")
  String name;

  @Option(names = "--quantity", description = "A new quantity.")
  Integer quantity;

  @Option(names = "--restaurant", description = "A new restaurant id.")
  String restaurant;

  UpdateCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() {
    if (name == null && quantity == null && restaurant == null) {
      throw new UsageException("update needs at least one of --name, --quantity or --restaurant");
    }
    Order order = client().updateOrder(OrderUpdate.builder().id(id).name(Optional.ofNullable(name))
        .quantity(Optional.ofNullable(quantity)).restaurantId(Optional.ofNullable(restaurant)).build());
    if (jsonOutput) {
      env.out().println(printer.write(printer.toJson(order)));
    } else {
      printer.table(env.out(), List.of(order));
    }
    env.out().flush();
    return ExitCodes.OK;
  }
}
