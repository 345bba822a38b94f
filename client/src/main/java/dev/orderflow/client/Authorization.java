package dev.orderflow.client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * How the client proves who it is, as AppSync's authorization modes ask: an API key, IAM (a SigV4
 * signature by the AWS SDK's signer), or a bearer token of Cognito user pools or OpenID Connect.
 */
public abstract class Authorization {

  Authorization() {}

  /** Adds this mode's headers to a request of the given URL and body. */
  abstract void apply(HttpRequest.Builder request, URI url, byte[] body);

  /**
   * The headers that authorize a real-time (subscription) connection, besides {@code host}; null
   * when this mode cannot authorize one without signing the connection (IAM).
   */
  java.util.Map<String, String> realtimeHeaders() {
    return null;
  }

  /** The mode's name, as AppSync names it. */
  public abstract String mode();

  /**
   * The {@code x-api-key} header of an API key.
   *
   * @param apiKey the key, e.g. {@code da2-...}
   */
  public static Authorization apiKey(String apiKey) {
    requireText(apiKey, "apiKey");
    return new Authorization() {
      @Override
      void apply(HttpRequest.Builder request, URI url, byte[] body) {
        request.header("x-api-key", apiKey);
      }

      @Override
      java.util.Map<String, String> realtimeHeaders() {
        return java.util.Map.of("x-api-key", apiKey);
      }

      @Override
      public String mode() {
        return "API_KEY";
      }
    };
  }

  /**
   * IAM: each request signed with SigV4 for the service {@code appsync}, with credentials of the
   * SDK's default chain (environment, profiles, container and instance roles). The region is read
   * from an AppSync URL, else from the SDK's default region chain.
   */
  public static Authorization iam() {
    return new IamAuthorization(null, null);
  }

  /**
   * IAM with these credentials and region.
   *
   * @param credentials where the credentials come from, e.g. {@code DefaultCredentialsProvider.builder().build()}
   * @param region the region to sign for, e.g. {@code eu-west-1}; null to read it from the URL or the SDK's chain
   */
  public static Authorization iam(AwsCredentialsProvider credentials, String region) {
    return new IamAuthorization(Objects.requireNonNull(credentials, "credentials"), region);
  }

  /**
   * A bearer token: a Cognito user pool's id or access token, or an OpenID Connect id token, sent
   * as the {@code Authorization} header.
   *
   * @param token the token, without the {@code Bearer} word
   */
  public static Authorization bearer(String token) {
    requireText(token, "token");
    return bearer(() -> token);
  }

  /**
   * A bearer token asked for before each request, so a token that expires can be renewed.
   *
   * @param token supplies the current token
   */
  public static Authorization bearer(Supplier<String> token) {
    Objects.requireNonNull(token, "token");
    return new Authorization() {
      @Override
      void apply(HttpRequest.Builder request, URI url, byte[] body) {
        // AppSync takes the token alone in the header; the word Bearer is not part of it.
        request.header("Authorization", token.get());
      }

      @Override
      java.util.Map<String, String> realtimeHeaders() {
        return java.util.Map.of("Authorization", token.get());
      }

      @Override
      public String mode() {
        return "BEARER_TOKEN";
      }
    };
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty, but was " + (value == null ? "null" : "\"" + value + "\""));
    }
  }
}
