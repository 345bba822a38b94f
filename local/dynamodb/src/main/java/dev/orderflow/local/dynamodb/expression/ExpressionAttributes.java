package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all of
 * its expressions; records which ones the expressions used, so that the request can be refused
 * when it carries placeholders that no expression refers to.
 */
public final class ExpressionAttributes {

  private static final Pattern NAME_KEY = Pattern.compile("#[A-Za-z0-9_]+");
  private static final Pattern VALUE_KEY = Pattern.compile(":[A-Za-z0-9_]+");

  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedValues = new HashSet<>();

  /**
   * Takes the placeholders of one request.
   *
   * @param names ExpressionAttributeNames, {@code #placeholder} to attribute name; may be null or empty
   * @param values ExpressionAttributeValues, {@code :placeholder} to value; may be null or empty
   * @throws DynamoDbError when a key is not a well-formed placeholder
   */
  public ExpressionAttributes(Map<String, String> names, Map<String, AttributeValue> values) {
    this.names = names == null ? Map.of() : names;
    this.values = values == null ? Map.of() : values;
    for (String key : this.names.keySet()) {
      if (!NAME_KEY.matcher(key).matches()) {
        throw DynamoDbError.validation(
            "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + key + "\"");
      }
    }
    for (String key : this.values.keySet()) {
      if (!VALUE_KEY.matcher(key).matches()) {
        throw DynamoDbError.validation(
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + key + "\"");
      }
    }
  }

  /**
   * Attributes with no names and no values, for requests that carry neither.
   *
   * @return empty attributes
   */
  public static ExpressionAttributes none() {
    return new ExpressionAttributes(null, null);
  }

  /**
   * Refuses maps that a request gives but leaves empty, as DynamoDB does; {@code null} means the
   * request did not give the map at all.
   *
   * @param names ExpressionAttributeNames as given, or null
   * @param values ExpressionAttributeValues as given, or null
   * @throws DynamoDbError when either map is present and empty
   */
  public static void checkNotEmpty(Map<String, String> names, Map<String, AttributeValue> values) {
    if (names != null && names.isEmpty()) {
      throw DynamoDbError.validation("ExpressionAttributeNames must not be empty");
    }
    if (values != null && values.isEmpty()) {
      throw DynamoDbError.validation("ExpressionAttributeValues must not be empty");
    }
  }

  /**
   * After all expressions of the request are parsed: refuses names or values that none of them
   * used.
   *
   * @throws DynamoDbError naming the unused placeholders
   */
  public void checkAllUsed() {
    List<String> unusedNames = new ArrayList<>();
    for (String key : names.keySet()) {
      if (!usedNames.contains(key)) {
        unusedNames.add(key);
      }
    }
    if (!unusedNames.isEmpty()) {
      throw DynamoDbError.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
          + String.join(", ", unusedNames) + "}");
    }
    List<String> unusedValues = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!usedValues.contains(key)) {
        unusedValues.add(key);
      }
    }
    if (!unusedValues.isEmpty()) {
      throw DynamoDbError.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
          + String.join(", ", unusedValues) + "}");
    }
  }

  /** The attribute name behind {@code #placeholder}, marking it used; fails when it is not defined. */
  String name(String placeholder, String parameterName) {
    String name = names.get(placeholder);
    if (name == null) {
      throw Errors.invalid(parameterName,
          "An expression attribute name used in the document path is not defined; attribute name: " + placeholder);
    }
    usedNames.add(placeholder);
    return name;
  }

  /** The value behind {@code :placeholder}, marking it used; fails when it is not defined. */
  AttributeValue value(String placeholder, String parameterName) {
    AttributeValue value = values.get(placeholder);
    if (value == null) {
      throw Errors.invalid(parameterName,
          "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
    }
    usedValues.add(placeholder);
    return value;
  }
}
