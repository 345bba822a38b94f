package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.ServiceException;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The template's AppSync GraphQL API ({@code AWS::AppSync::GraphQLApi} and its schema, data
 * sources, functions, resolvers and API keys), served on a local endpoint; its data sources call
 * through the gateway as their roles. Through the gateway it answers {@code GraphQL} as an IAM
 * caller, the way an EventBridge rule's AppSync target calls it.
 */
public final class LocalGraphqlApis implements LocalService, AwsService {

  /** The resource types it runs. */
  public static final Set<String> TYPES = Set.of("AWS::AppSync::GraphQLApi", "AWS::AppSync::GraphQLSchema",
      "AWS::AppSync::DataSource", "AWS::AppSync::FunctionConfiguration", "AWS::AppSync::Resolver",
      "AWS::AppSync::ApiKey");

  private final CallGateway gateway;
  private final int port;
  private final Clock clock;
  private final List<String> allowOrigins;
  private final int traceLimit;
  private final RequestTraces none = RequestTraces.none();
  private AppSyncEndpoint endpoint;

  /**
   * The API, once provisioned, on a local endpoint.
   *
   * @param gateway the path of its data sources' calls
   * @param port the endpoint's port, 0 for a free one
   * @param clock the clock of API key expiry
   */
  public LocalGraphqlApis(CallGateway gateway, int port, Clock clock) {
    this(gateway, port, clock, List.of());
  }

  /**
   * The API, once provisioned, on a local endpoint that also serves browser pages of some origins.
   *
   * @param gateway the path of its data sources' calls
   * @param port the endpoint's port, 0 for a free one
   * @param clock the clock of API key expiry
   * @param allowOrigins origins served besides the loopback ones
   */
  public LocalGraphqlApis(CallGateway gateway, int port, Clock clock, List<String> allowOrigins) {
    this(gateway, port, clock, allowOrigins, RequestTraces.DEFAULT_LIMIT);
  }

  /**
   * The API, once provisioned, on a local endpoint that keeps the traces of its latest requests.
   *
   * @param gateway the path of its data sources' calls
   * @param port the endpoint's port, 0 for a free one
   * @param clock the clock of API key expiry
   * @param allowOrigins origins served besides the loopback ones
   * @param traceLimit how many requests the query inspector keeps; 0 for none
   */
  public LocalGraphqlApis(CallGateway gateway, int port, Clock clock, List<String> allowOrigins, int traceLimit) {
    this.gateway = gateway;
    this.port = port;
    this.clock = clock;
    this.allowOrigins = List.copyOf(allowOrigins);
    this.traceLimit = traceLimit;
  }

  @Override
  public Set<String> resourceTypes() {
    return TYPES;
  }

  private dev.orderflow.local.bill.Meter meter = new dev.orderflow.local.bill.Meter();

  @Override
  public void provision(Provisioning stack) {
    if (stack.resources(Set.of("AWS::AppSync::GraphQLApi")).isEmpty()) {
      return;
    }
    endpoint = AppSyncEndpoint.builder(stack.resolver(), stack.registry())
        .port(port)
        .clock(clock)
        .allowOrigins(allowOrigins)
        .traceLimit(traceLimit)
        .gateway(gateway)
        .directory(stack.runDirectory().resolve("tls"))
        .start();
    endpoint.meter(meter);
  }

  /**
   * Counts the API's billable units into this meter.
   *
   * @param meter the bill's meter
   */
  public void meter(dev.orderflow.local.bill.Meter meter) {
    this.meter = meter;
    if (endpoint != null) {
      endpoint.meter(meter);
    }
  }

  /**
   * The traces of the latest requests to the endpoint.
   *
   * @return the endpoint's record, or an empty one when the stack has no API
   */
  public RequestTraces requests() {
    return endpoint == null ? none : endpoint.requests();
  }

  /** The endpoint, when the stack has an API. */
  public Optional<AppSyncEndpoint> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  @Override
  public String prefix() {
    return "appsync";
  }

  /** The fields that a GraphQL request calls at its top level, as IAM names them; EvaluateCode names no resource. */
  @Override
  public List<String> resources(String operation, JsonNode request) {
    if (EVALUATE_CODE.equals(operation)) {
      return List.of("*");
    }
    String apiArn = request.path("apiArn").asText(endpoint == null ? "" : endpoint.arn());
    List<String> fields = new ArrayList<>();
    try {
      Document document = Parser.parse(request.path("query").asText(""));
      for (OperationDefinition definition : document.getDefinitionsOfType(OperationDefinition.class)) {
        String type = definition.getOperation().name().charAt(0)
            + definition.getOperation().name().substring(1).toLowerCase(Locale.ROOT);
        for (Field field : definition.getSelectionSet().getSelectionsOfType(Field.class)) {
          fields.add(apiArn + "/types/" + type + "/fields/" + field.getName());
        }
      }
    } catch (InvalidSyntaxException e) {
      // The API answers the syntax error itself; IAM judges the API as a whole.
      fields.add(apiArn);
    }
    return fields;
  }

  /** AppSync's control-plane operation that runs a piece of APPSYNC_JS code against a context. */
  public static final String EVALUATE_CODE = "EvaluateCode";

  /**
   * Answers {@code GraphQL} (a request run as the IAM caller) and {@code EvaluateCode} (AppSync's
   * request and answer JSON, see {@link CodeEvaluator}).
   */
  @Override
  public JsonNode call(dev.orderflow.local.gateway.Caller caller, String operation, JsonNode request) {
    if (EVALUATE_CODE.equals(operation) && endpoint != null) {
      return endpoint.evaluator().evaluateCode(request);
    }
    if (!"GraphQL".equals(operation) || endpoint == null) {
      throw new ServiceException("appsync", "NotFoundException", 404, "no GraphQL API runs locally for " + operation);
    }
    String apiArn = request.path("apiArn").asText(endpoint.arn());
    if (!apiArn.equals(endpoint.arn())) {
      throw new ServiceException("appsync", "NotFoundException", 404, "GraphQL API " + apiArn + " does not run locally");
    }
    return endpoint.executeAsIam(caller.principal(), request.path("query").asText(), request.path("variables"));
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
