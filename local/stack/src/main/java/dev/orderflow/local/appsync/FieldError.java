package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.List;

/** An error of one field, as AppSync answers it: message, errorType, errorInfo and data. */
final class FieldError implements GraphQLError {

  private static final long serialVersionUID = 1L;

  private final String message;
  private final String errorType;
  private final transient JsonNode data;
  private final transient JsonNode errorInfo;
  private final List<Object> path;
  private final List<SourceLocation> locations;

  FieldError(String message, String errorType, JsonNode data, JsonNode errorInfo, List<Object> path,
      List<SourceLocation> locations) {
    this.message = message;
    this.errorType = errorType;
    this.data = data;
    this.errorInfo = errorInfo;
    this.path = path;
    this.locations = locations;
  }

  @Override
  public String getMessage() {
    return message;
  }

  @Override
  public List<SourceLocation> getLocations() {
    return locations;
  }

  @Override
  public ErrorClassification getErrorType() {
    return ErrorClassification.errorClassification(errorType == null ? "Error" : errorType);
  }

  @Override
  public List<Object> getPath() {
    return path;
  }

  String appSyncErrorType() {
    return errorType;
  }

  JsonNode data() {
    return data;
  }

  JsonNode errorInfo() {
    return errorInfo;
  }
}
