package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads the optional value of {@code --local}: {@code --local} alone is the newest local system,
 * {@code --local 4711}, {@code --local 8080} or {@code --local PizzaOrders} a chosen one. The word
 * after {@code --local} is its value when it is a number, names a running system's stack, was
 * written as {@code --local=VALUE}, or when the command takes no other word; otherwise it is left to
 * the command, so that {@code orderflow watch --local ID} keeps meaning the order {@code ID}.
 */
final class LocalChoice implements IParameterConsumer {

  private final Env env;
  private final ObjectMapper json;
  private final List<String> arguments;

  LocalChoice(Env env, ObjectMapper json, List<String> arguments) {
    this.env = env;
    this.json = json;
    this.arguments = arguments;
  }

  @Override
  public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
    String next = args.isEmpty() ? null : args.peek();
    if (next != null && isChoice(next, commandSpec)) {
      argSpec.setValue(args.pop());
    } else {
      argSpec.setValue("");
    }
  }

  private boolean isChoice(String next, CommandSpec command) {
    if (arguments.contains("--local=" + next)) {
      return true;
    }
    if (next.startsWith("-") || command.subcommands().containsKey(next)) {
      return false;
    }
    return command.positionalParameters().isEmpty()
        || next.chars().allMatch(Character::isDigit)
        || LocalDiscovery.isStackName(LocalDiscovery.directory(env), json, next);
  }
}
