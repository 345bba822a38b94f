package dev.orderflow.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error as DynamoDB answers it: its {@code __type} (the short name, e.g.
 * {@code ValidationException}), its HTTP status and its message, with any extra fields that the
 * error carries on the wire (an {@code Item}, {@code CancellationReasons}).
 */
public final class DynamoDbError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private static final String COYOTE = "com.amazon.coral.validate#";
  private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
  private static final String SERVICE = "com.amazon.coral.service#";

  private final String type;
  private final int status;
  private final transient ObjectNode extra;

  public DynamoDbError(String type, int status, String message, ObjectNode extra) {
    super(message, null, false, false);
    this.type = type;
    this.status = status;
    this.extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra;
  }

  /** The error's short type name, e.g. {@code ConditionalCheckFailedException}. */
  public String type() {
    return type;
  }

  /** The full {@code __type} DynamoDB writes on the wire. */
  public String wireType() {
    return switch (type) {
      case "ValidationException" -> COYOTE + type;
      case "UnknownOperationException", "SerializationException", "AccessDeniedException",
          "MissingAuthenticationTokenException", "IncompleteSignatureException", "InvalidSignatureException" ->
          SERVICE + type;
      default -> DYNAMODB + type;
    };
  }

  public int status() {
    return status;
  }

  /** Fields the error carries besides its type and message. */
  public ObjectNode extra() {
    return extra;
  }

  public static DynamoDbError validation(String message) {
    return new DynamoDbError("ValidationException", 400, message, null);
  }

  /** A validation error with DynamoDB's "One or more parameter values were invalid" prefix. */
  public static DynamoDbError invalidParameter(String message) {
    return validation("One or more parameter values were invalid: " + message);
  }

  public static DynamoDbError resourceNotFound(String message) {
    return new DynamoDbError("ResourceNotFoundException", 400, message, null);
  }

  public static DynamoDbError resourceInUse(String message) {
    return new DynamoDbError("ResourceInUseException", 400, message, null);
  }

  public static DynamoDbError conditionalCheckFailed(ObjectNode extra) {
    return new DynamoDbError("ConditionalCheckFailedException", 400, "The conditional request failed", extra);
  }

  /**
   * An operation DynamoDB does not have, named for in-process callers; on the wire the answer
   * carries no message, as DynamoDB's does not.
   */
  public static DynamoDbError unknownOperation(String operation) {
    return new DynamoDbError("UnknownOperationException", 400,
        operation == null ? null : "Operation " + operation + " is not supported by this engine", null);
  }

  /** A request DynamoDB's reader refuses; {@code message} null for a body that is not JSON at all. */
  public static DynamoDbError serialization(String message) {
    return new DynamoDbError("SerializationException", 400, message, null);
  }
}
