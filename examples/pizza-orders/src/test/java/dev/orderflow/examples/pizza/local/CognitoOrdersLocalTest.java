package dev.orderflow.examples.pizza.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.examples.pizza.Jsii;
import dev.orderflow.constructs.EventDrivenOrderApi;
import dev.orderflow.constructs.EventDrivenOrderApiProps;
import dev.orderflow.local.LocalSystem;
import dev.orderflow.local.LocalSystemExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.UserPoolConfig;
import software.amazon.awscdk.services.cognito.UserPool;

/**
 * An order API whose callers sign in with Cognito, built in the test and run whole: each customer is
 * the {@code sub} of their JWT, and sees only their own orders.
 */
class CognitoOrdersLocalTest {

  @RegisterExtension
  static LocalSystemExtension local = LocalSystemExtension.of(CognitoOrdersLocalTest::synthesize, "CognitoOrders");

  static Path synthesize() {
    return Jsii.locked(CognitoOrdersLocalTest::synthesizeUnlocked);
  }

  private static Path synthesizeUnlocked() {
    Path outdir;
    try {
      outdir = Files.createTempDirectory("orderflow-cognito-orders-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    outdir.toFile().deleteOnExit();
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    Stack stack = new Stack(app, "CognitoOrders", StackProps.builder().build());
    new EventDrivenOrderApi(stack, "Orders", EventDrivenOrderApiProps.builder()
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder()
                .authorizationType(AuthorizationType.USER_POOL)
                .userPoolConfig(UserPoolConfig.builder()
                    .userPool(UserPool.fromUserPoolId(stack, "Customers", "us-east-1_local"))
                    .build())
                .build())
            .build())
        .build());
    app.synth();
    return outdir;
  }

  @Test
  void twoCustomersEachSeeOnlyTheirOwnOrders(LocalSystem system) {
    URI url = system.graphql().orElseThrow().graphqlUrl();
    GraphqlClient pat = GraphqlClient.withToken(url, GraphqlClient.cognitoToken("sub-pat", "pat"));
    GraphqlClient kim = GraphqlClient.withToken(url, GraphqlClient.cognitoToken("sub-kim", "kim"));

    String patsFirst = pat.postOrder("Margherita", 1);
    String patsSecond = pat.postOrder("Diavola", 2);
    String kims = kim.postOrder("Marinara", 3);
    pat.awaitFinal(patsFirst, Duration.ofSeconds(60));
    pat.awaitFinal(patsSecond, Duration.ofSeconds(60));
    kim.awaitFinal(kims, Duration.ofSeconds(60));

    assertThat(ids(pat)).containsExactlyInAnyOrder(patsFirst, patsSecond);
    assertThat(ids(kim)).containsExactly(kims);
    assertThat(kim.post(GraphqlClient.GET_SINGLE, Map.of("id", patsFirst)).data("getSingleOrder").isNull()).isTrue();
    assertThat(kim.post("mutation D($id: ID!) { deleteOrder(id: $id) }", Map.of("id", patsFirst)).data("deleteOrder")
        .isNull()).isTrue();
    assertThat(pat.post(GraphqlClient.GET_SINGLE, Map.of("id", patsFirst)).data("getSingleOrder").path("id").asText())
        .isEqualTo(patsFirst);
  }

  @Test
  void aCallerWithoutATokenIsRefusedWith401(LocalSystem system) {
    GraphqlClient anonymous = GraphqlClient.withApiKey(system.graphql().orElseThrow().graphqlUrl(), "da2-notakey");

    GraphqlClient.Answer answer = anonymous.post(GraphqlClient.GET_ALL, Map.of("limit", 1));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.firstError().path("errorType").asText()).isEqualTo("UnauthorizedException");
  }

  private static List<String> ids(GraphqlClient client) {
    return client.post(GraphqlClient.GET_ALL, Map.of("limit", 50)).data("getAllOrders").path("items")
        .findValuesAsText("id");
  }
}
