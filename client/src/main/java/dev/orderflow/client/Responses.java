package dev.orderflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Reads the API's answers: data into values, errors into the exception of their kind. */
final class Responses {

  /** The errorTypes of a change refused because of the order's state or owner. */
  private static final Set<String> CONDITIONAL = Set.of("OrderAlreadyProcessing", "OrderFinal", "OrderNotFound",
      "OrderNotDeletable", "OrderNotUpdatable", "DynamoDB:ConditionalCheckFailedException");

  private Responses() {}

  /** The {@code data} of an answer, or the exception of its first error. */
  static JsonNode data(URI url, int status, byte[] body) {
    JsonNode answer;
    try {
      answer = OrderClient.JSON.readTree(body);
    } catch (IOException e) {
      answer = null;
    }
    JsonNode errors = answer == null ? null : answer.get("errors");
    JsonNode first = errors != null && errors.isArray() && errors.size() > 0 ? errors.get(0) : null;
    String errorType = first == null ? null : text(first, "errorType");
    String message = first == null ? null : text(first, "message");
    if (status == 401 || status == 403) {
      throw new UnauthorizedException(message != null ? message : "the API refused the credentials (HTTP " + status + ")",
          errorType != null ? errorType : "UnauthorizedException", status);
    }
    if (status == 429) {
      throw new ThrottlingException(message != null ? message : "the API is throttling calls (HTTP 429)", errorType, status);
    }
    if (status >= 500) {
      throw new UnavailableException("the order API at " + url + " answered HTTP " + status
          + (message != null ? ": " + message : ""), status, null);
    }
    if (answer == null || !answer.isObject()) {
      throw new UnavailableException("the order API at " + url + " answered HTTP " + status
          + " with a body that is not GraphQL JSON; is this the API's GraphQL URL?", status, null);
    }
    if (first != null) {
      throw error(first, errorType, message == null ? "the API answered an error without a message" : message);
    }
    if (status != 200 || !answer.path("data").isObject()) {
      throw new UnavailableException("the order API at " + url + " answered HTTP " + status + " without data", status, null);
    }
    return answer.get("data");
  }

  private static OrderApiException error(JsonNode error, String errorType, String message) {
    String type = errorType == null ? "" : errorType;
    if (type.equals("ValidationError") || type.equals("ValidationException")) {
      List<Violation> violations = new ArrayList<>();
      for (JsonNode v : error.path("errorInfo").path("violations")) {
        violations.add(Violation.builder()
            .field(v.path("field").asText())
            .value(v.path("value").isTextual() ? v.path("value").asText() : v.path("value").toString())
            .allowed(v.path("allowed").asText())
            .message(v.path("message").asText())
            .build());
      }
      return new ValidationException(message, errorType, violations);
    }
    if (type.startsWith("Unauthorized")) {
      return new UnauthorizedException(message, errorType, 200);
    }
    if (CONDITIONAL.contains(type)) {
      JsonNode info = error.path("errorInfo");
      return new ConditionalFailureException(message, errorType, text(info, "id"), text(info, "orderStatus"));
    }
    String lower = type.toLowerCase(Locale.ROOT);
    if (lower.contains("throttl") || lower.contains("toomanyrequests") || lower.contains("throughputexceeded")) {
      return new ThrottlingException(message, errorType, 200);
    }
    if (errorType == null && error.has("locations") && !error.has("path")) {
      // GraphQL's own validation, before any resolver: a request this client should not have sent.
      return new ValidationException(message, null, List.of());
    }
    return new OrderApiException(message, errorType, 200, null);
  }

  /** An order from its JSON; a field that is missing or of the wrong type is named. */
  static Order order(JsonNode order) {
    if (order == null || !order.isObject()) {
      throw new OrderApiException("the API answered no order where one was expected: " + order, null, 200, null);
    }
    ImmutableOrder.Builder builder = Order.builder()
        .id(required(order, "id"))
        .name(required(order, "name"))
        .quantity(order.path("quantity").asInt())
        .restaurantId(required(order, "restaurantId"))
        .orderStatusName(required(order, "orderStatus"))
        .failureReason(Optional.ofNullable(text(order, "failureReason")))
        .paymentId(Optional.ofNullable(text(order, "paymentId")))
        .createdAt(instant(order, "createdAt"));
    JsonNode paid = order.get("paidQuantity");
    if (paid != null && paid.isNumber()) {
      builder.paidQuantity(paid.asInt());
    }
    if (text(order, "updatedAt") != null) {
      builder.updatedAt(instant(order, "updatedAt"));
    }
    return builder.build();
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null) {
      throw new OrderApiException("the API answered an order without " + field + ": " + node, null, 200, null);
    }
    return value;
  }

  private static Instant instant(JsonNode node, String field) {
    String value = required(node, field);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new OrderApiException("the API answered " + field + " \"" + value + "\", which is not an ISO-8601 time",
          null, 200, e);
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isMissingNode() ? null : value.asText();
  }
}
