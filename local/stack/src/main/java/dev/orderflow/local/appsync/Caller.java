package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls, as AppSync identifies callers: by API key (checked against the template's keys, expiry
 * included), by the access key of a SigV4 Authorization header (IAM: any access key id, but the
 * signature must be made with the endpoint's secret) or by the claims of a JWT (Cognito user pools or
 * OIDC, not verified).
 *
 * @param authMode the mode the request was authorized with, as AppSync names it
 * @param identity {@code ctx.identity}: null for an API key
 */
record Caller(String authMode, JsonNode identity) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

  /** The 401 (or, for a bad signature, 403) that AppSync answers, with its errorType and message. */
  static final class Unauthorized extends Exception {
    private final int status;
    private final String type;

    Unauthorized(String message) {
      this(401, "UnauthorizedException", message);
    }

    Unauthorized(int status, String type, String message) {
      super(message, null, false, false);
      this.status = status;
      this.type = type;
    }

    int status() {
      return status;
    }

    String type() {
      return type;
    }
  }

  /** Checks a SigV4 signature over what the caller signed; answers the access key id. */
  @FunctionalInterface
  interface Signature {
    String verify(Map<String, String> headers) throws Unauthorized;
  }

  static final String NOT_AUTHORIZED = "You are not authorized to make this call.";

  /** What {@code util.authType()} answers for a mode. */
  String authTypeName() {
    return switch (authMode) {
      case "AWS_IAM" -> "IAM Authorization";
      case "AMAZON_COGNITO_USER_POOLS" -> "User Pool Authorization";
      case "OPENID_CONNECT" -> "Open ID Connect Authorization";
      default -> "API Key Authorization";
    };
  }

  /**
   * Identifies the caller of a request.
   *
   * @param headers the request's headers, names in lower case
   * @throws Unauthorized when no mode of the API accepts the request
   */
  static Caller identify(ApiModel api, Map<String, String> headers, String sourceIp, String accountId,
      String partition, Instant now, Signature signature) throws Unauthorized {
    String apiKey = headers.get("x-api-key");
    String authorization = headers.get("authorization");
    if (apiKey != null && api.authMode("API_KEY").isPresent()) {
      for (ApiModel.ApiKey key : api.apiKeys) {
        if (key.key().equals(apiKey)) {
          if (!now.isBefore(key.expires())) {
            throw new Unauthorized(NOT_AUTHORIZED);
          }
          return new Caller("API_KEY", NullNode.getInstance());
        }
      }
      throw new Unauthorized(NOT_AUTHORIZED);
    }
    if (authorization != null && !authorization.isBlank()) {
      if (authorization.startsWith("AWS4-HMAC-SHA256") && api.authMode("AWS_IAM").isPresent()) {
        Matcher m = CREDENTIAL.matcher(authorization);
        if (!m.find()) {
          throw new Unauthorized("Valid authorization header not provided.");
        }
        String accessKey = signature.verify(headers);
        ObjectNode identity = NODES.objectNode();
        identity.put("accountId", accountId);
        identity.putNull("cognitoIdentityPoolId");
        identity.putNull("cognitoIdentityId");
        identity.putNull("cognitoIdentityAuthType");
        identity.putNull("cognitoIdentityAuthProvider");
        identity.putArray("sourceIp").add(sourceIp);
        identity.put("username", accessKey);
        identity.put("userArn", "arn:" + partition + ":iam::" + accountId + ":user/" + accessKey);
        return new Caller("AWS_IAM", identity);
      }
      String mode = api.authMode("AMAZON_COGNITO_USER_POOLS").isPresent() ? "AMAZON_COGNITO_USER_POOLS"
          : api.authMode("OPENID_CONNECT").isPresent() ? "OPENID_CONNECT" : null;
      if (mode != null && !authorization.startsWith("AWS4-HMAC-SHA256")) {
        JsonNode claims = claims(authorization);
        if (claims == null) {
          throw new Unauthorized("Valid authorization header not provided.");
        }
        if (claims.has("exp") && claims.get("exp").asLong() <= now.getEpochSecond()) {
          throw new Unauthorized("Token has expired.");
        }
        ObjectNode identity = NODES.objectNode();
        identity.set("sub", claims.path("sub").isMissingNode() ? NODES.nullNode() : claims.get("sub"));
        identity.set("issuer", claims.path("iss").isMissingNode() ? NODES.nullNode() : claims.get("iss"));
        String username = claims.path("cognito:username").asText(claims.path("username").asText(null));
        identity.put("username", username);
        identity.set("claims", claims);
        identity.putArray("sourceIp").add(sourceIp);
        identity.put("defaultAuthStrategy", "ALLOW");
        identity.set("groups", claims.path("cognito:groups").isArray() ? claims.get("cognito:groups") : NODES.nullNode());
        return new Caller(mode, identity);
      }
    }
    if (apiKey == null && (authorization == null || authorization.isBlank())
        && api.authModes().stream().noneMatch(m -> m.type().equals("API_KEY"))) {
      throw new Unauthorized("Valid authorization header not provided.");
    }
    throw new Unauthorized(NOT_AUTHORIZED);
  }

  /**
   * An IAM caller known by its principal's ARN, e.g. the role of an EventBridge rule's target,
   * as the in-process calls of the local system make them.
   */
  static Caller iam(String principalArn, String accountId, String sourceIp) {
    ObjectNode identity = NODES.objectNode();
    identity.put("accountId", accountId);
    identity.putNull("cognitoIdentityPoolId");
    identity.putNull("cognitoIdentityId");
    identity.putNull("cognitoIdentityAuthType");
    identity.putNull("cognitoIdentityAuthProvider");
    identity.putArray("sourceIp").add(sourceIp);
    identity.put("username", principalArn.substring(principalArn.lastIndexOf('/') + 1));
    identity.put("userArn", principalArn);
    return new Caller("AWS_IAM", identity);
  }

  /** The claims of a JWT (its payload, decoded, not verified), or null when it is not a JWT. */
  static JsonNode claims(String authorization) {
    String token = authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : authorization.trim();
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.isObject() ? claims : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
