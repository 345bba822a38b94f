package dev.orderflow.examples.pizza;

import dev.orderflow.constructs.EventDrivenOrderApi;
import dev.orderflow.constructs.EventDrivenOrderApiProps;
import java.time.Instant;
import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Expiration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.appsync.ApiKeyConfig;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.constructs.Construct;

/**
 * The pizza-order system of the reference tutorial: a GraphQL API behind an API key, orders
 * processed by the workflow and announced by email.
 *
 * <p>CDK context: {@code notificationEmail} (optional) receives an email per finished order;
 * {@code apiKeyExpiry} (optional, ISO-8601, at most 365 days ahead) sets when the API key expires,
 * else AppSync's default of 7 days after creation applies; {@code orderEvents} ({@code true} unless
 * {@code false}) adds the order events and the {@code onOrderUpdated} subscription of the pizza
 * tracker, which the library leaves off by default.
 */
public class PizzaOrdersStack extends Stack {

  private final EventDrivenOrderApi orders;

  public PizzaOrdersStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    String email = (String) getNode().tryGetContext("notificationEmail");
    String apiKeyExpiry = (String) getNode().tryGetContext("apiKeyExpiry");
    boolean orderEvents = !"false".equals(String.valueOf(getNode().tryGetContext("orderEvents")));

    ApiKeyConfig.Builder apiKey = ApiKeyConfig.builder().description("Pizza orders API key");
    if (apiKeyExpiry != null) {
      apiKey.expires(Expiration.atDate(Instant.parse(apiKeyExpiry)));
    }
    this.orders = new EventDrivenOrderApi(this, "PizzaOrders", EventDrivenOrderApiProps.builder()
        .apiName("PizzaOrdersApi")
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder()
                .authorizationType(AuthorizationType.API_KEY)
                .apiKeyConfig(apiKey.build())
                .build())
            .build())
        .addAllNotificationEmails(email == null ? List.of() : List.of(email))
        // Order events on a bus, and the onOrderUpdated subscription for the pizza tracker.
        .orderEvents(orderEvents)
        // An example is deployed to be torn down: its table goes with the stack.
        .removalPolicy(RemovalPolicy.DESTROY)
        .build());

    CfnOutput.Builder.create(this, "GraphqlUrl")
        .description("The GraphQL endpoint of the pizza-order API")
        .value(orders.getGraphqlApi().getGraphqlUrl())
        .build();
    CfnOutput.Builder.create(this, "ApiKeyId")
        .description("The id of the API key; aws appsync list-api-keys --api-id <api id> shows the key")
        .value(orders.getGraphqlApi().getApiKeyId())
        .build();
    CfnOutput.Builder.create(this, "ApiId")
        .description("The id of the GraphQL API")
        .value(orders.getApi().getApiId())
        .build();
    if (orderEvents) {
      CfnOutput.Builder.create(this, "EventBusName")
          .description("The event bus of the OrderStatusChanged events; add rules to it to follow orders")
          .value(orders.getOrderEvents().getEventBus().getEventBusName())
          .build();
    }
    CfnOutput.Builder.create(this, "Region")
        .description("The region the stack is deployed to")
        .value(getRegion())
        .build();
  }

  public EventDrivenOrderApi getOrders() {
    return orders;
  }
}
