package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.OrderClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that calls the API: the options of where it is, and --json. */
abstract class ApiCommand implements Callable<Integer> {

  final Env env;
  final ObjectMapper json;
  final Printer printer;

  @Mixin
  ApiOptions api = new ApiOptions();

  @Option(names = "--json", description = "Write JSON instead of a table.")
  boolean jsonOutput;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  ApiCommand(Env env, ObjectMapper json) {
    this.env = env;
    this.json = json;
    this.printer = new Printer(json);
  }

  OrderClient client() {
    return api.client(env, json);
  }
}
