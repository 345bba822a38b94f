package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import dev.orderflow.local.dynamodb.DynamoDbError;

/** DynamoDB's wording for expression errors, in one place. */
final class Errors {

  static final String INVALID_PATH_FOR_UPDATE =
      "The document path provided in the update expression is invalid for update";
  static final String MISSING_ATTRIBUTE =
      "The provided expression refers to an attribute that does not exist in the item";
  static final String INCORRECT_DATA_TYPE = "An operand in the update expression has an incorrect data type";

  private Errors() {}

  /** "Invalid ConditionExpression: ..." and the like. */
  static DynamoDbError invalid(String parameterName, String detail) {
    return DynamoDbError.validation("Invalid " + parameterName + ": " + detail);
  }

  static DynamoDbError syntax(String parameterName, String token, String near) {
    return invalid(parameterName, "Syntax error; token: \"" + token + "\", near: \"" + near + "\"");
  }

  static DynamoDbError empty(String parameterName) {
    return invalid(parameterName, "The expression can not be empty;");
  }

  static DynamoDbError operandType(String parameterName, String function, AttributeValue value) {
    return invalid(parameterName, "Incorrect operand type for operator or function; operator or function: "
        + function + ", operand type: " + value.type());
  }

  static DynamoDbError operandCount(String parameterName, String function, int count) {
    return invalid(parameterName, "Incorrect number of operands for operator or function; operator or function: "
        + function + ", number of operands: " + count);
  }

  static DynamoDbError requiresPath(String parameterName, String function) {
    return invalid(parameterName,
        "Operator or function requires a document path; operator or function: " + function);
  }

  static DynamoDbError unknownFunction(String parameterName, String function) {
    return invalid(parameterName, "Invalid function name; function: " + function);
  }

  static DynamoDbError misplacedFunction(String parameterName, String function) {
    return invalid(parameterName,
        "The function is not allowed to be used this way in an expression; function: " + function);
  }

  static DynamoDbError overlap(String parameterName, DocumentPath one, DocumentPath two) {
    return invalid(parameterName, "Two document paths overlap with each other; must remove or rewrite one of these paths;"
        + " path one: " + one + ", path two: " + two);
  }

  static DynamoDbError conflict(String parameterName, DocumentPath one, DocumentPath two) {
    return invalid(parameterName, "Two document paths conflict with each other; must remove or rewrite one of these paths;"
        + " path one: " + one + ", path two: " + two);
  }

  /** A value as DynamoDB prints it inside messages, e.g. {@code {N:5}}. */
  static String describe(AttributeValue value) {
    if (value instanceof AttributeValue.S s) {
      return "{S:" + s.value() + "}";
    }
    if (value instanceof AttributeValue.N n) {
      return "{N:" + n.text() + "}";
    }
    return "{" + value.type() + ":" + AttributeValues.toJson(value).get(value.type()) + "}";
  }
}
