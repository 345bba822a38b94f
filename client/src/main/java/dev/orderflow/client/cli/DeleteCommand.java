package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = "Deletes a final (SUCCESS or FAILED) order of the caller.",
    footerHeading = "%nExamples:%n",
    footer = {"  orderflow delete --local 3f9a7c1e-2b4d-4e8f-9a01-6c2d5e7b8f90"})
final class DeleteCommand extends ApiCommand {

  @Parameters(paramLabel = "ID", description = "The order's id.")
  String id;

  DeleteCommand(Env env, ObjectMapper json) {
    super(env, json);
  }

  @Override
  public Integer call() {
    client().deleteOrder(id);
    env.out().println(jsonOutput ? printer.write(json.createObjectNode().put("deleted", id)) : "deleted " + id);
    env.out().flush();
    return ExitCodes.OK;
  }
}
