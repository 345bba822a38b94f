package dev.orderflow.client.cli;

import dev.orderflow.constructs.EventDrivenOrderApi;
import dev.orderflow.constructs.EventDrivenOrderApiProps;
import dev.orderflow.examples.pizza.PizzaOrdersStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.appsync.ApiKeyConfig;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.OpenIdConnectConfig;

/**
 * The stacks the tests run on the local system, each synthesized into a cloud assembly of its own.
 * The test classes run two at a time and jsii's runtime serves one thread at a time: each synth
 * holds this class's lock.
 */
final class Stacks {

  static final String OIDC_ISSUER = "https://issuer.example.com";

  private Stacks() {}

  /** The example's own stack, as cdk synth writes it. */
  static synchronized Path pizzaOrders() {
    Path outdir = outdir("pizza-orders");
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    new PizzaOrdersStack(app, "PizzaOrders", StackProps.builder().build());
    app.synth();
    return outdir;
  }

  /** An order API whose default mode is IAM, with an API key and OpenID Connect besides. */
  static synchronized Path iamOrders() {
    Path outdir = outdir("iam-orders");
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    Stack stack = new Stack(app, "IamOrders", StackProps.builder().build());
    new EventDrivenOrderApi(stack, "Orders", EventDrivenOrderApiProps.builder()
        .apiName("IamOrdersApi")
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build())
            .additionalAuthorizationModes(List.of(
                AuthorizationMode.builder().authorizationType(AuthorizationType.API_KEY)
                    .apiKeyConfig(ApiKeyConfig.builder().description("test key").build()).build(),
                AuthorizationMode.builder().authorizationType(AuthorizationType.OIDC)
                    .openIdConnectConfig(OpenIdConnectConfig.builder().oidcProvider(OIDC_ISSUER).build()).build()))
            .build())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build());
    app.synth();
    return outdir;
  }

  private static Path outdir(String name) {
    try {
      Path outdir = Files.createTempDirectory("orderflow-client-" + name + "-");
      outdir.toFile().deleteOnExit();
      return outdir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
