package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.internal.SigV4;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Reads an API key through AppSync's control plane (ListApiKeys, signed by the SDK's SigV4 signer
 * with the default credentials chain), to check that the key of a stack's outputs exists and has
 * not expired. An AppSync key's id is the key itself.
 */
final class AppSyncApiKeys {

  private AppSyncApiKeys() {}

  /**
   * The key with this id, checked against the API's keys.
   *
   * @param endpoint AppSync's control-plane endpoint, e.g. {@code https://appsync.eu-west-1.amazonaws.com}
   */
  static String lookUp(URI endpoint, String apiId, String keyId, String region, ObjectMapper json) {
    String nextToken = null;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    do {
      URI url = URI.create(endpoint + "/v1/apis/" + URLEncoder.encode(apiId, StandardCharsets.UTF_8) + "/apikeys"
          + (nextToken == null ? "" : "?nextToken=" + URLEncoder.encode(nextToken, StandardCharsets.UTF_8)));
      HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).GET();
      SigV4.sign(request, url, "GET", null, Map.of(), "appsync", region, DefaultCredentialsProvider.builder().build());
      JsonNode answer;
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        answer = json.readTree(response.body());
        if (response.statusCode() != 200) {
          throw new UsageException("AppSync refused to list the keys of API " + apiId + " (HTTP " + response.statusCode()
              + "): " + answer.path("message").asText(answer.path("Message").asText("")));
        }
      } catch (IOException e) {
        throw new UsageException("cannot reach AppSync at " + endpoint + " to read the API key: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UsageException("interrupted while reading the API key");
      }
      for (JsonNode key : answer.path("apiKeys")) {
        if (keyId.equals(key.path("id").asText())) {
          long expires = key.path("expires").asLong(Long.MAX_VALUE);
          if (expires <= Instant.now().getEpochSecond()) {
            throw new UsageException("the API key " + keyId + " of API " + apiId + " expired at "
                + Instant.ofEpochSecond(expires) + "; make a new one or give --api-key");
          }
          return key.path("id").asText();
        }
      }
      nextToken = answer.path("nextToken").isTextual() ? answer.path("nextToken").asText() : null;
    } while (nextToken != null);
    throw new UsageException("API " + apiId + " has no API key " + keyId + "; give --api-key");
  }
}
