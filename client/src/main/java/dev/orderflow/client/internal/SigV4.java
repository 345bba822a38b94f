package dev.orderflow.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/** Signs java.net.http requests with SigV4 through the AWS SDK's signer. Not API. */
public final class SigV4 {

  /** Headers that java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private SigV4() {}

  /**
   * Signs a request and sets its signature headers (and the headers signed with it) on the builder.
   *
   * @param request the request being built; it gets the signed headers
   * @param url the request's URL
   * @param method the HTTP method
   * @param body the body, or null for none
   * @param headers headers to sign along, e.g. the content type
   * @param service the signing name of the service, e.g. {@code appsync}
   * @param region the region to sign for
   * @param credentials where the credentials come from
   */
  public static void sign(HttpRequest.Builder request, URI url, String method, byte[] body,
      Map<String, String> headers, String service, String region, AwsCredentialsProvider credentials) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().uri(url).method(SdkHttpMethod.fromValue(method));
    headers.forEach(unsigned::putHeader);
    SignedRequest signed = SIGNER.sign(r -> r
        .identity(credentials.resolveCredentials())
        .request(unsigned.build())
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        for (String value : header.getValue()) {
          request.setHeader(header.getKey(), value);
        }
      }
    }
  }
}
