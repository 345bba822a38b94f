package dev.orderflow.client;

import dev.orderflow.client.internal.SigV4;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * IAM auth: SigV4 by the AWS SDK's signer. Kept in a class of its own so that callers of the other
 * modes never load the SDK.
 */
final class IamAuthorization extends Authorization {

  private static final Pattern APPSYNC_HOST = Pattern.compile("^[^.]+\\.appsync-api\\.([a-z0-9-]+)\\.amazonaws\\.com");

  private volatile AwsCredentialsProvider credentials;
  private volatile String region;

  IamAuthorization(AwsCredentialsProvider credentials, String region) {
    this.credentials = credentials;
    this.region = region;
  }

  @Override
  public String mode() {
    return "AWS_IAM";
  }

  @Override
  void apply(HttpRequest.Builder request, URI url, byte[] body) {
    SigV4.sign(request, url, "POST", body, Map.of("content-type", "application/json"), "appsync", region(url),
        credentials());
  }

  private AwsCredentialsProvider credentials() {
    if (credentials == null) {
      credentials = DefaultCredentialsProvider.builder().build();
    }
    return credentials;
  }

  /** The region to sign for: the one given, else the AppSync URL's, else the SDK's chain. */
  private String region(URI url) {
    if (region == null) {
      Matcher m = APPSYNC_HOST.matcher(url.getHost() == null ? "" : url.getHost());
      region = m.find() ? m.group(1) : new DefaultAwsRegionProviderChain().getRegion().id();
    }
    return region;
  }
}
