package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which published values reach a subscriber, as AppSync filters them on the server.
 *
 * <p>An enhanced filter ({@code extensions.setSubscriptionFilter} in the subscription's resolver)
 * is a list of filter groups, OR-ed; each group's filters are AND-ed; a filter names a field of
 * the subscription's response (dots for nested fields), an operator (eq, ne, in, notIn, gt, ge, lt,
 * le, between, contains, notContains, beginsWith) and a value. Without one, the subscriber's own
 * arguments filter by equality on the response fields of the same name, and a null argument does
 * not filter: AppSync's basic filtering.
 */
final class SubscriptionFilter {

  private static final Set<String> OPERATORS = Set.of("eq", "ne", "in", "notIn", "gt", "ge", "lt", "le", "between",
      "contains", "notContains", "beginsWith");

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private record Condition(String[] path, String operator, JsonNode value) {
  }

  private static final int UNORDERED = 99;

  private final List<List<Condition>> groups;

  private SubscriptionFilter(List<List<Condition>> groups) {
    this.groups = groups;
  }

  /** A filter that lets every value through. */
  static SubscriptionFilter none() {
    return new SubscriptionFilter(List.of());
  }

  /**
   * The filter that the subscriber's arguments make: equality on each non-null argument.
   *
   * @param arguments the subscription field's arguments
   */
  static SubscriptionFilter ofArguments(Map<String, Object> arguments) {
    List<Condition> conditions = new ArrayList<>();
    arguments.forEach((name, value) -> {
      if (value != null) {
        conditions.add(new Condition(new String[] {name}, "eq", JSON.valueToTree(value)));
      }
    });
    return new SubscriptionFilter(conditions.isEmpty() ? List.of() : List.of(conditions));
  }

  /**
   * The filter that a resolver set: {@code {"filterGroup": [{"filters": [...]}, ...]}}, or a bare
   * {@code {"filters": [...]}}.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  static SubscriptionFilter parse(JsonNode filter) {
    List<List<Condition>> groups = new ArrayList<>();
    JsonNode groupNodes = filter.has("filterGroup") ? filter.get("filterGroup") : null;
    if (groupNodes == null) {
      if (!filter.has("filters")) {
        throw new IllegalArgumentException("a subscription filter needs filterGroup or filters, but was " + filter);
      }
      groups.add(conditions(filter.get("filters")));
    } else {
      if (!groupNodes.isArray()) {
        throw new IllegalArgumentException("filterGroup must be an array, but was " + groupNodes);
      }
      for (JsonNode group : groupNodes) {
        groups.add(conditions(group.path("filters")));
      }
    }
    return new SubscriptionFilter(groups);
  }

  private static List<Condition> conditions(JsonNode filters) {
    if (!filters.isArray()) {
      throw new IllegalArgumentException("filters must be an array, but was " + filters);
    }
    List<Condition> conditions = new ArrayList<>();
    for (JsonNode f : filters) {
      String field = f.path("fieldName").asText("");
      String operator = f.path("operator").asText("");
      if (field.isEmpty()) {
        throw new IllegalArgumentException("a filter has no fieldName: " + f);
      }
      if (!OPERATORS.contains(operator)) {
        throw new IllegalArgumentException("filter on " + field + " has operator '" + operator + "'; allowed are "
            + new java.util.TreeSet<>(OPERATORS));
      }
      JsonNode value = f.path("value");
      if (operator.equals("between") && !(value.isArray() && value.size() == 2)) {
        throw new IllegalArgumentException("filter on " + field + ": between takes an array of two values, but was "
            + value);
      }
      if ((operator.equals("in") || operator.equals("notIn")) && !value.isArray()) {
        throw new IllegalArgumentException("filter on " + field + ": " + operator + " takes an array, but was " + value);
      }
      conditions.add(new Condition(field.split("\\."), operator, value));
    }
    return conditions;
  }

  /** Whether the value (the subscription's response) passes. */
  boolean matches(JsonNode response) {
    if (groups.isEmpty()) {
      return true;
    }
    for (List<Condition> group : groups) {
      if (group.stream().allMatch(c -> holds(c, field(response, c.path())))) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode field(JsonNode response, String[] path) {
    JsonNode at = response;
    for (String name : path) {
      at = at.path(name);
    }
    return at;
  }

  private static boolean holds(Condition c, JsonNode actual) {
    JsonNode expected = c.value();
    boolean present = !actual.isMissingNode() && !actual.isNull();
    return switch (c.operator()) {
      case "eq" -> same(actual, expected);
      case "ne" -> !same(actual, expected);
      case "in" -> present && anySame(actual, expected);
      case "notIn" -> !anySame(actual, expected);
      case "gt" -> present && order(actual, expected) == 1;
      case "ge" -> present && order(actual, expected) >= 0 && order(actual, expected) <= 1;
      case "lt" -> present && order(actual, expected) == -1;
      case "le" -> present && order(actual, expected) <= 0;
      case "between" -> present && order(actual, expected.get(0)) >= 0 && order(actual, expected.get(0)) <= 1
          && order(actual, expected.get(1)) <= 0;
      case "contains" -> present && contains(actual, expected);
      case "notContains" -> !present || !contains(actual, expected);
      case "beginsWith" -> present && actual.isTextual() && actual.asText().startsWith(expected.asText());
      default -> false;
    };
  }

  private static boolean same(JsonNode actual, JsonNode expected) {
    if (expected == null || expected.isNull() || expected.isMissingNode()) {
      return actual.isNull() || actual.isMissingNode();
    }
    if (actual.isNumber() && expected.isNumber()) {
      return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
    }
    return actual.equals(expected);
  }

  private static boolean anySame(JsonNode actual, JsonNode list) {
    for (JsonNode each : list) {
      if (same(actual, each)) {
        return true;
      }
    }
    return false;
  }

  /**
   * -1, 0 or 1: numbers by value, anything else by its text. A number against text does not
   * order: {@link #UNORDERED}, which no ordering operator accepts.
   */
  private static int order(JsonNode actual, JsonNode expected) {
    if (actual.isNumber() && expected.isNumber()) {
      return Integer.signum(actual.decimalValue().compareTo(expected.decimalValue()));
    }
    if (actual.isNumber() != expected.isNumber() || actual.isContainerNode() || expected.isContainerNode()) {
      return UNORDERED;
    }
    int order = actual.asText().compareTo(expected.asText());
    return Integer.signum(order);
  }

  private static boolean contains(JsonNode actual, JsonNode expected) {
    if (actual.isArray()) {
      return anySame(expected, actual);
    }
    return actual.isTextual() && actual.asText().contains(expected.asText());
  }
}
