package dev.orderflow.local.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * SigV4 headers made by the AWS SDK's own signer, as an IAM caller of the local GraphQL endpoint
 * sends them: over HTTP, and in the real-time protocol's {@code authorization} objects.
 */
public final class IamSigner {

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private final String accessKeyId;
  private final String secret;
  private Instant at;

  private IamSigner(String accessKeyId, String secret) {
    this.accessKeyId = accessKeyId;
    this.secret = secret;
  }

  /** Signs as the access key id {@code accessKeyId} with {@code secret}. */
  public static IamSigner of(String accessKeyId, String secret) {
    return new IamSigner(accessKeyId, secret);
  }

  /** Signs as if at another time (the endpoint refuses dates more than five minutes away). */
  public IamSigner at(Instant time) {
    this.at = time;
    return this;
  }

  /** The headers of a signed POST of {@code body} to {@code url}: host, x-amz-date, authorization and content type. */
  public Map<String, String> post(URI url, String body) {
    return sign(url, body, Map.of("content-type", "application/json"));
  }

  /** A real-time connection's authorization: a signed POST of {@code {}} to the GraphQL URL plus {@code /connect}. */
  public Map<String, String> realtimeConnection(URI graphqlUrl) {
    return sign(URI.create(graphqlUrl + "/connect"), "{}", realtimeHeaders());
  }

  /** A real-time start's authorization: a signed POST of the start's {@code data} to the GraphQL URL. */
  public Map<String, String> realtimeStart(URI graphqlUrl, String data) {
    return sign(graphqlUrl, data, realtimeHeaders());
  }

  private static Map<String, String> realtimeHeaders() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("accept", "application/json, text/javascript");
    headers.put("content-encoding", "amz-1.0");
    headers.put("content-type", "application/json; charset=UTF-8");
    return headers;
  }

  private Map<String, String> sign(URI url, String body, Map<String, String> headers) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.POST);
    headers.forEach(unsigned::putHeader);
    SignedRequest signed = SIGNER.sign(r -> {
      r.identity(AwsBasicCredentials.create(accessKeyId, secret))
          .request(unsigned.build())
          .payload(ContentStreamProvider.fromByteArray(body.getBytes(StandardCharsets.UTF_8)))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "appsync")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1");
      if (at != null) {
        r.putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
      }
    });
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      out.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    return out;
  }

  /** The headers that java.net.http sets itself and refuses from callers. */
  public static boolean restricted(String header) {
    return List.of("host", "content-length", "connection", "expect", "upgrade").contains(header.toLowerCase(Locale.ROOT));
  }
}
