package dev.orderflow.local.awsapi;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** The AWS SDK's own clients, pointed at a local AWS endpoint with made-up credentials, as a user's would be. */
final class AwsClients {

  private AwsClients() {
  }

  static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C of(B builder, URI endpoint) {
    return builder.endpointOverride(endpoint)
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "anything")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        // StartSyncExecution would go to sync-127.0.0.1 otherwise: a host name that resolves nowhere.
        .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .build();
  }
}
