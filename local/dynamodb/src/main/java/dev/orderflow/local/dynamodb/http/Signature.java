package dev.orderflow.local.dynamodb.http;

import dev.orderflow.local.dynamodb.DynamoDbError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signature a request must carry, checked for its form as DynamoDB checks it before it reads
 * the request: an {@code Authorization} header of Signature Version 4 with its parameters, or the
 * same parameters in the query string. The signature itself is not verified (any credentials
 * are accepted), but a request without one, or with an incomplete one, gets DynamoDB's answer.
 *
 * <p>Errors: MissingAuthenticationTokenException, IncompleteSignatureException and
 * InvalidSignatureException, "Common Errors"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html); the form of
 * the header and the query parameters: "Signing AWS API requests"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-requests.html) and
 * "Authentication methods"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-authentication-methods.html).
 * The messages are the ones real DynamoDB answers.
 */
final class Signature {

  private static final String ALGORITHM_PARAMETER = "X-Amz-Algorithm";
  private static final List<String> QUERY_PARAMETERS =
      List.of(ALGORITHM_PARAMETER, "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date");
  private static final Pattern HEADER_PARAMETER = Pattern.compile("(Credential|Signature|SignedHeaders)=");

  private Signature() {}

  /**
   * Checks the form of a request's signature.
   *
   * @param authorization the Authorization header, or null
   * @param query the raw query string, or null
   * @param hasDate whether the request has an X-Amz-Date or Date header
   * @throws DynamoDbError DynamoDB's answer to a missing or incomplete signature
   */
  static void check(String authorization, String query, boolean hasDate) {
    Map<String, String> parameters = query(query);
    boolean queryAlgorithm = parameters.containsKey(ALGORITHM_PARAMETER);
    if (authorization != null && queryAlgorithm) {
      throw error("InvalidSignatureException",
          "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    }
    if (authorization != null) {
      if (!authorization.startsWith("AWS4-")) {
        throw missing();
      }
      Matcher matcher = HEADER_PARAMETER.matcher(authorization);
      java.util.Set<String> present = new java.util.HashSet<>();
      while (matcher.find()) {
        present.add(matcher.group(1));
      }
      StringBuilder message = new StringBuilder();
      for (String parameter : List.of("Credential", "Signature", "SignedHeaders")) {
        if (!present.contains(parameter)) {
          message.append("Authorization header requires '").append(parameter).append("' parameter. ");
        }
      }
      if (!hasDate) {
        message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
      }
      if (message.length() > 0) {
        throw error("IncompleteSignatureException", message + "Authorization=" + authorization);
      }
      return;
    }
    if (!queryAlgorithm) {
      throw missing();
    }
    List<String> lacking = new ArrayList<>();
    for (String parameter : QUERY_PARAMETERS) {
      String value = parameters.get(parameter);
      if (value == null || value.isEmpty()) {
        lacking.add(parameter);
      }
    }
    if (!lacking.isEmpty()) {
      StringBuilder message = new StringBuilder();
      for (String parameter : lacking) {
        message.append("AWS query-string parameters must include '").append(parameter).append("'. ");
      }
      throw error("IncompleteSignatureException", message + "Re-examine the query-string parameters.");
    }
  }

  private static DynamoDbError missing() {
    return error("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  }

  private static DynamoDbError error(String type, String message) {
    return new DynamoDbError(type, 400, message, null);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> parameters = new HashMap<>();
    if (query == null || query.isEmpty()) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      try {
        parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        parameters.putIfAbsent(name, value);
      }
    }
    return parameters;
  }
}
