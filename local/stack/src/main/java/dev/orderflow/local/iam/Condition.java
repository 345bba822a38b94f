package dev.orderflow.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One test of a statement's {@code Condition} block: an operator applied to one key and its
 * values. A statement's tests all have to hold; the values of one test are alternatives.
 */
final class Condition {

  /** What the engine does with a test it cannot judge. */
  interface Unknown {
    /**
     * Called when a test cannot be judged; the test is then treated as met.
     *
     * @param what the key or operator, as the policy writes it
     * @param why why it cannot be judged
     */
    void report(String what, String why);
  }

  /** The comparisons, each in its positive form; the negated operators invert them. */
  enum Comparison {
    STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, ARN_LIKE, BOOL, NUMERIC_EQUALS,
    NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS, NULL,
    UNSUPPORTED
  }

  /** How a test treats the values of a key that can have several. */
  enum Quantifier { SINGLE, FOR_ANY_VALUE, FOR_ALL_VALUES }

  private final String operator;
  private final Comparison comparison;
  private final boolean negated;
  private final boolean ifExists;
  private final Quantifier quantifier;
  private final String key;
  private final String lowerKey;
  private final List<String> values;
  private final List<Wildcard> patterns;
  private final boolean usesPolicyVariable;

  private Condition(String operator, String key, List<String> values) {
    this.operator = operator;
    this.key = key;
    this.lowerKey = key.toLowerCase(Locale.ROOT);
    this.values = List.copyOf(values);
    String rest = operator;
    Quantifier q = Quantifier.SINGLE;
    int colon = rest.indexOf(':');
    if (colon >= 0) {
      String prefix = rest.substring(0, colon).toLowerCase(Locale.ROOT);
      q = prefix.equals("foranyvalue") ? Quantifier.FOR_ANY_VALUE
          : prefix.equals("forallvalues") ? Quantifier.FOR_ALL_VALUES : null;
      rest = rest.substring(colon + 1);
    }
    boolean exists = rest.toLowerCase(Locale.ROOT).endsWith("ifexists");
    if (exists) {
      rest = rest.substring(0, rest.length() - "IfExists".length());
    }
    this.quantifier = q == null ? Quantifier.SINGLE : q;
    this.ifExists = exists;
    Comparison c;
    boolean not = false;
    switch (rest.toLowerCase(Locale.ROOT)) {
      case "stringequals" -> c = Comparison.STRING_EQUALS;
      case "stringnotequals" -> { c = Comparison.STRING_EQUALS; not = true; }
      case "stringequalsignorecase" -> c = Comparison.STRING_EQUALS_IGNORE_CASE;
      case "stringnotequalsignorecase" -> { c = Comparison.STRING_EQUALS_IGNORE_CASE; not = true; }
      case "stringlike" -> c = Comparison.STRING_LIKE;
      case "stringnotlike" -> { c = Comparison.STRING_LIKE; not = true; }
      // ARN operators: both forms compare component by component and take wildcards.
      case "arnequals", "arnlike" -> c = Comparison.ARN_LIKE;
      case "arnnotequals", "arnnotlike" -> { c = Comparison.ARN_LIKE; not = true; }
      case "bool" -> c = Comparison.BOOL;
      case "numericequals" -> c = Comparison.NUMERIC_EQUALS;
      case "numericnotequals" -> { c = Comparison.NUMERIC_EQUALS; not = true; }
      case "numericlessthan" -> c = Comparison.NUMERIC_LESS_THAN;
      case "numericlessthanequals" -> c = Comparison.NUMERIC_LESS_THAN_EQUALS;
      case "numericgreaterthan" -> c = Comparison.NUMERIC_GREATER_THAN;
      case "numericgreaterthanequals" -> c = Comparison.NUMERIC_GREATER_THAN_EQUALS;
      case "null" -> c = ifExists ? Comparison.UNSUPPORTED : Comparison.NULL;
      default -> c = Comparison.UNSUPPORTED;
    }
    if (q == null) {
      c = Comparison.UNSUPPORTED;
    }
    this.comparison = c;
    this.negated = not;
    boolean variable = false;
    List<Wildcard> compiled = new ArrayList<>();
    for (String v : values) {
      variable |= hasPolicyVariable(v);
      compiled.add(Wildcard.of(v));
    }
    this.usesPolicyVariable = variable;
    this.patterns = List.copyOf(compiled);
  }

  /**
   * Reads a {@code Condition} block: {@code {"Operator": {"key": value-or-values, ...}, ...}}.
   *
   * @param block the block as written in the policy, resolved
   * @return one test per operator and key
   * @throws IllegalArgumentException when the block is not an object of objects
   */
  static List<Condition> read(JsonNode block) {
    List<Condition> tests = new ArrayList<>();
    if (block == null || block.isMissingNode() || block.isNull()) {
      return tests;
    }
    if (!block.isObject()) {
      throw new IllegalArgumentException("Condition must be an object of operators, but was " + block);
    }
    Iterator<Map.Entry<String, JsonNode>> operators = block.fields();
    while (operators.hasNext()) {
      Map.Entry<String, JsonNode> op = operators.next();
      if (!op.getValue().isObject()) {
        throw new IllegalArgumentException("Condition operator " + op.getKey() + " must hold an object of keys, but held "
            + op.getValue());
      }
      Iterator<Map.Entry<String, JsonNode>> keys = op.getValue().fields();
      while (keys.hasNext()) {
        Map.Entry<String, JsonNode> k = keys.next();
        tests.add(new Condition(op.getKey(), k.getKey(), Statement.texts(k.getValue())));
      }
    }
    return tests;
  }

  /** A test built in code, e.g. for a {@code AWS::Lambda::Permission}'s {@code SourceArn}. */
  static Condition of(String operator, String key, String value) {
    return new Condition(operator, key, List.of(value));
  }

  String key() {
    return key;
  }

  /**
   * Whether the test holds for a request.
   *
   * @param context the request's condition keys, lower case, with their values
   * @param alwaysKnown whether a key absent from the context is known to be absent (true) or merely
   *     unknown to the engine (false)
   * @param unknown told when the test cannot be judged; it then holds
   * @return true when the test holds
   */
  boolean holds(Map<String, String> context, Predicate<String> alwaysKnown, Unknown unknown) {
    if (comparison == Comparison.UNSUPPORTED) {
      unknown.report(operator, "the condition operator " + operator + " is not supported locally");
      return true;
    }
    String value = context.get(lowerKey);
    if (value == null && !alwaysKnown.test(lowerKey)) {
      unknown.report(key, "the condition key " + key + " is not known to the local system for this call");
      return true;
    }
    if (comparison == Comparison.NULL) {
      boolean wantAbsent = values.stream().anyMatch(v -> v.equalsIgnoreCase("true"));
      return wantAbsent == (value == null);
    }
    if (value == null) {
      if (ifExists || quantifier == Quantifier.FOR_ALL_VALUES) {
        return true;
      }
      if (quantifier == Quantifier.FOR_ANY_VALUE) {
        return false;
      }
      return negated;
    }
    if (usesPolicyVariable) {
      unknown.report(key, "the condition on " + key + " uses a policy variable, which is not supported locally");
      return true;
    }
    boolean any = false;
    for (int i = 0; i < values.size() && !any; i++) {
      any = compare(i, value);
    }
    return negated != any;
  }

  private boolean compare(int index, String actual) {
    String expected = values.get(index);
    switch (comparison) {
      case STRING_EQUALS:
        return expected.equals(actual);
      case STRING_EQUALS_IGNORE_CASE:
        return expected.equalsIgnoreCase(actual);
      case STRING_LIKE:
        return patterns.get(index).matches(actual);
      case ARN_LIKE:
        return arnLike(expected, actual);
      case BOOL:
        return expected.equalsIgnoreCase(actual);
      default:
        return numeric(expected, actual);
    }
  }

  private boolean numeric(String expected, String actual) {
    BigDecimal want;
    BigDecimal got;
    try {
      want = new BigDecimal(expected.trim());
      got = new BigDecimal(actual.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    int c = got.compareTo(want);
    switch (comparison) {
      case NUMERIC_EQUALS:
        return c == 0;
      case NUMERIC_LESS_THAN:
        return c < 0;
      case NUMERIC_LESS_THAN_EQUALS:
        return c <= 0;
      case NUMERIC_GREATER_THAN:
        return c > 0;
      case NUMERIC_GREATER_THAN_EQUALS:
        return c >= 0;
      default:
        throw new IllegalStateException(comparison.name());
    }
  }

  /** The six colon-separated parts of an ARN compare one by one, each with its own wildcards. */
  static boolean arnLike(String pattern, String arn) {
    String[] want = pattern.split(":", 6);
    String[] got = arn.split(":", 6);
    if (want.length < 6) {
      // Not an ARN pattern (e.g. "*"): the pattern stands for the whole value.
      return Wildcard.matches(pattern, arn);
    }
    if (got.length < 6) {
      return false;
    }
    for (int i = 0; i < 6; i++) {
      if (!Wildcard.matches(want[i], got[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean hasPolicyVariable(String value) {
    int at = value.indexOf("${");
    while (at >= 0) {
      int end = value.indexOf('}', at);
      if (end < 0) {
        return false;
      }
      String name = value.substring(at + 2, end);
      if (!name.equals("*") && !name.equals("?") && !name.equals("$")) {
        return true;
      }
      at = value.indexOf("${", end);
    }
    return false;
  }

  @Override
  public String toString() {
    return operator + " " + key + " " + values;
  }
}
