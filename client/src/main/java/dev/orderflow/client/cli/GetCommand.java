package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.Order;
import dev.orderflow.client.OrderNotFoundException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Shows one of the caller's orders.",
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow get --local 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90",
        "  orderflow get --outputs cdk-outputs.json 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90 --json"})
final class GetCommand extends ApiCommand {

  @Parameters(paramLabel = "ID", description = "The order's id.")
  String id;

  GetCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() {
    Order order = client().getOrder(id).orElseThrow(() -> new OrderNotFoundException(id));
    if (jsonOutput) {
      env.out().println(printer.write(printer.toJson(order)));
    } else {
      printer.table(env.out(), List.of(order));
    }
    env.out().flush();
    return ExitCodes.OK;
  }
}
