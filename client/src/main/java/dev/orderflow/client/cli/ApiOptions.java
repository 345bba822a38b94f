package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderflow.client.Authorization;
import dev.orderflow.client.OrderClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import picocli.CommandLine.Option;

/** Where the API is and how to call it: the options every command that calls the API shares. */
final class ApiOptions {

  @Option(names = "--url", paramLabel = "URL",
      description = "The API's GraphQL URL. Default: $ORDERFLOW_URL, else --outputs or --local.")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", description = "An API key. Default: $ORDERFLOW_API_KEY.")
  String apiKey;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "A Cognito or OpenID Connect token, sent as the Authorization header. Default: $ORDERFLOW_TOKEN.")
  String token;

  @Option(names = "--iam", description = "Sign each request with SigV4: with the AWS SDK's default credentials chain,"
      + " or with --local the local system's own keys where it names them.")
  boolean iam;

  @Option(names = "--region", paramLabel = "REGION",
      description = "The region to sign for with --iam, and of AppSync with --outputs. Default: from the URL or the SDK.")
  String region;

  @Option(names = "--outputs", paramLabel = "FILE",
      description = "The file that cdk deploy --outputs-file wrote: the URL and the API key of the stack.")
  Path outputs;

  @Option(names = "--stack", paramLabel = "NAME", description = "The stack of --outputs, when it holds several.")
  String stack;

  @Option(names = "--local", arity = "0..1", paramLabel = "PID|PORT|STACK", parameterConsumer = LocalChoice.class,
      description = "A local system that orderflow-local runs on this machine: the newest, or the one with this pid,"
          + " port or stack name. Which one is used is written on the error stream.")
  String local;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for each answer, in seconds. Default: ${DEFAULT-VALUE}.")
  int timeoutSeconds;

  /** The region IAM calls to a local system are signed for, unless --region names another. */
  static final String LOCAL_REGION = "us-east-1";

  /** A client for the API these options and the environment point at. */
  OrderClient client(Env env, ObjectMapper json) {
    String resolvedUrl = url != null ? url : env.variable("ORDERFLOW_URL");
    String key = apiKey != null ? apiKey : env.variable("ORDERFLOW_API_KEY");
    String bearer = token != null ? token : env.variable("ORDERFLOW_TOKEN");
    String signingRegion = region;
    AwsCredentialsProvider localCredentials = null;
    if (outputs != null) {
      CdkOutputs.Api api = CdkOutputs.read(outputs, stack, json);
      resolvedUrl = url != null ? url : api.graphqlUrl();
      signingRegion = signingRegion != null ? signingRegion : api.region();
      if (key == null && !iam && bearer == null) {
        key = api.apiKey() != null ? api.apiKey() : keyOf(api, signingRegion, env, json);
      }
    } else if (local != null) {
      Path directory = LocalDiscovery.directory(env);
      LocalDiscovery.Found found = LocalDiscovery.choose(directory, json, local);
      int others = local.isEmpty() ? LocalDiscovery.running(directory, json).size() - 1 : 0;
      env.err().println("orderflow: using the local system " + found.describe()
          + (others > 0 ? "; " + others + " more running, choose one with --local PID|PORT|STACK" : ""));
      env.err().flush();
      resolvedUrl = url != null ? url : found.graphqlUrl();
      if (key == null && found.apiKey() != null) {
        key = found.apiKey();
      }
      if (iam && found.awsAccessKeyId() != null && found.awsSecretAccessKey() != null) {
        localCredentials = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(found.awsAccessKeyId(), found.awsSecretAccessKey()));
      }
    }
    if (resolvedUrl == null) {
      throw new UsageException("no API URL: give --url, set ORDERFLOW_URL, or use --outputs cdk-outputs.json or --local");
    }
    URI uri;
    try {
      uri = new URI(resolvedUrl);
    } catch (URISyntaxException e) {
      throw new UsageException("the API URL \"" + resolvedUrl + "\" is not a URL: " + e.getReason());
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new UsageException("the API URL \"" + resolvedUrl + "\" must be an http or https URL with a host");
    }
    Authorization authorization;
    if (iam && localCredentials != null) {
      // The local system's own keys: it accepts only signatures made with its secret.
      authorization = Authorization.iam(localCredentials, signingRegion != null ? signingRegion : LOCAL_REGION);
    } else if (iam) {
      authorization = signingRegion != null
          ? Authorization.iam(software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build(),
              signingRegion)
          : Authorization.iam();
    } else if (bearer != null && (token != null || key == null)) {
      authorization = Authorization.bearer(bearer);
    } else if (key != null) {
      authorization = Authorization.apiKey(key);
    } else {
      throw new UsageException("no credentials for " + resolvedUrl
          + ": give --api-key (or set ORDERFLOW_API_KEY), --token (or ORDERFLOW_TOKEN), or --iam");
    }
    if (timeoutSeconds < 1) {
      throw new UsageException("--timeout must be 1 second or more, but was " + timeoutSeconds);
    }
    return OrderClient.builder().url(uri).authorization(authorization)
        .requestTimeout(java.time.Duration.ofSeconds(timeoutSeconds)).build();
  }

  /** The key of a stack's outputs: read through AppSync where credentials allow, else its id, which is the key. */
  private static String keyOf(CdkOutputs.Api api, String region, Env env, ObjectMapper json) {
    if (api.apiKeyId() == null) {
      return null;
    }
    if (api.apiId() == null || region == null) {
      return api.apiKeyId();
    }
    String endpoint = env.variable("ORDERFLOW_APPSYNC_ENDPOINT");
    try {
      return AppSyncApiKeys.lookUp(URI.create(endpoint != null ? endpoint : "https://appsync." + region + ".amazonaws.com"),
          api.apiId(), api.apiKeyId(), region, json);
    } catch (RuntimeException e) {
      if (e.getClass().getName().startsWith("software.amazon.awssdk.")) {
        // No AWS credentials here: the id is the key, unchecked.
        return api.apiKeyId();
      }
      throw e;
    }
  }
}
