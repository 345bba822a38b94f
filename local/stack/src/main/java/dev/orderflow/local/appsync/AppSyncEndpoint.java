package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.TemplateResolver;
import dev.orderflow.local.dynamodb.DynamoDbEngine;
import dev.orderflow.local.dynamodb.DynamoDbError;
import dev.orderflow.local.gateway.AwsService;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.ServiceException;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A local AppSync-compatible GraphQL endpoint for the {@code AWS::AppSync::GraphQLApi} of a
 * synthesized stack, on a loopback port.
 *
 * <p>It serves {@code POST /graphql} as AppSync does: the template's schema (inline or an asset)
 * executed by graphql-java with AppSync's scalars and authorization directives; UNIT and PIPELINE
 * resolvers and functions in APPSYNC_JS run in Node.js with AppSync's context, {@code util},
 * {@code runtime} and {@code extensions}; AMAZON_DYNAMODB data sources on the table engine, HTTP data
 * sources really sent (AWS endpoints mapped to local engines), AWS_LAMBDA through a
 * {@link LambdaInvoker}, and NONE. Callers are identified as AppSync identifies them: an
 * {@code x-api-key} against the template's keys with their expiry, a SigV4 {@code Authorization}
 * header signed with {@link #awsCredentials()}'s secret (any access key id), or the claims of a JWT
 * (not verified). Only loopback {@code Host}s and origins are served (and the origins allowed with
 * {@link Builder#allowOrigins}), and {@code GET /} serves a GraphiQL page that needs no network.
 * The same port serves the query inspector's traces ({@code GET /_orderflow/requests[/{id}]}), the
 * API's resolvers and functions with their code and recorded contexts
 * ({@code GET /_orderflow/resolvers[/{name}]}), AppSync's EvaluateCode, and the GraphiQL page with
 * the evaluator open ({@code /_orderflow/evaluate}).
 *
 * <p>Subscriptions run over AppSync's real-time WebSocket protocol on the same port, at
 * {@code /graphql/realtime}: a subscription field fires when a mutation that its
 * {@code @aws_subscribe} names completes through the API, filtered on the server by the field's
 * resolver ({@code extensions.setSubscriptionFilter}) or by the subscriber's arguments. The port
 * speaks both plain HTTP and TLS (told apart by the first bytes), with a certificate made at start
 * for {@code localhost} and {@code 127.0.0.1}, signed by an authority whose PEM
 * {@link #certificate()} gives: clients that always use {@code wss://} (Amplify) trust it.
 *
 * <pre>{@code
 * try (AppSyncEndpoint api = AppSyncEndpoint.builder(resolver, registry).tables(engine)
 *     .httpEndpoints(endpoint -> endpoint.startsWith("https://sqs.") ? queues.endpoint() : null).start()) {
 *   // POST api.graphqlUrl() with header x-api-key: api.apiKey()
 * }
 * }</pre>
 *
 * <p>Node.js 22 or 24 must be on the PATH (20 runs, with a warning). If its process dies, the
 * requests in flight answer an error of type {@code Runtime.RunnerUnavailable} and a restarted
 * process resolves the next ones (see {@link #onRunnerGiveUp}). {@link #close()} frees the port and
 * ends the Node.js process.
 */
public final class AppSyncEndpoint implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AppSyncEndpoint.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ALLOWED_HEADERS = "Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token,"
      + " X-Amz-User-Agent, x-amz-content-sha256";
  private static final String EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amz-user-agent, x-amzn-ErrorMessage,"
      + " Date, x-amz-schema-version";

  private final ApiModel api;
  private final Server server;
  private final ServerConnector connector;
  private final JsRuntime js;
  private final GraphqlApi graphql;
  private final Clock clock;
  private final String accountId;
  private final String partition;
  private final String arn;
  private final LocalCertificate certificate;
  private final Path ownDirectory;
  private final Realtime realtime;
  private volatile String defaultQuery;
  private final AwsCredentials credentials;
  private final SigV4Verifier signatures;
  private final LoopbackPolicy loopback;
  private final RequestTraces traces;
  private volatile URI consoleUrl;
  private final CodeEvaluator evaluator;
  private final ResolverCatalog catalog;

  /** AppSync's largest request body: bigger ones are refused before they are read. */
  static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private AppSyncEndpoint(Builder b) {
    this.clock = b.clock;
    this.credentials = b.credentials != null ? b.credentials : AwsCredentials.random();
    this.signatures = new SigV4Verifier(credentials.secretAccessKey());
    this.loopback = new LoopbackPolicy(b.host, b.allowOrigins);
    this.traces = new RequestTraces(b.traceLimit);
    this.accountId = b.resolver.environment().accountId();
    this.partition = b.resolver.environment().partition();
    QueuedThreadPool threads = new QueuedThreadPool(32, 2, 60_000, new LinkedBlockingQueue<>());
    threads.setName("appsync-endpoint-http");
    threads.setDaemon(true);
    server = new Server(threads, new ScheduledExecutorScheduler("appsync-endpoint-scheduler", true), null);
    try {
      ownDirectory = b.directory == null ? Files.createTempDirectory("orderflow-appsync-") : null;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for the endpoint's certificate", e);
    }
    certificate = LocalCertificate.create(b.directory == null ? ownDirectory : b.directory);
    HttpConfiguration httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    httpConfig.setSendXPoweredBy(false);
    SecureRequestCustomizer secure = new SecureRequestCustomizer(false);
    httpConfig.addCustomizer(secure);
    HttpConnectionFactory http = new HttpConnectionFactory(httpConfig);
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(certificate.keyStore().toString());
    tls.setKeyStoreType("PKCS12");
    tls.setKeyStorePassword(certificate.password());
    // TLS when the first bytes are a TLS handshake, plain HTTP otherwise: one port for http:// and wss://.
    DetectorConnectionFactory detector = new DetectorConnectionFactory(new SslConnectionFactory(tls, http.getProtocol()));
    connector = new ServerConnector(server, 1, 1, detector, http);
    connector.setHost(b.host);
    connector.setPort(b.port);
    server.addConnector(connector);
    Handler.Abstract endpoint = new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        serve(request, response, callback);
        return true;
      }
    };
    try {
      // Listen first: the API's GraphQLUrl attribute, which the template may use, names the port.
      connector.open();
    } catch (IOException e) {
      throw new IllegalStateException("the GraphQL endpoint could not listen on " + b.host + ":" + b.port + ": "
          + e.getMessage(), e);
    }
    JsRuntime runtime = null;
    try {
      String apiLogicalId = ApiModel.chooseApi(b.resolver, b.apiLogicalId);
      String url = "http://" + b.host + ":" + connector.getLocalPort() + "/graphql";
      this.api = ApiModel.read(b.resolver, b.registry, apiLogicalId, url, clock.instant());
      runtime = new JsRuntime(b.nodeExecutable);
      Set<String> loaded = new HashSet<>();
      for (ApiModel.FieldResolver r : api.resolvers.values()) {
        if (loaded.add(r.code().moduleId())) {
          runtime.load(r.code());
        }
        for (ApiModel.Function f : r.pipeline()) {
          if (loaded.add(f.code().moduleId())) {
            runtime.load(f.code());
          }
        }
      }
      this.js = runtime;
      CallGateway gateway = b.gateway != null ? b.gateway : engineGateway(b.tables);
      if (gateway != null) {
        // A traced resolver's data source calls, as the services received them.
        gateway.addListener(GraphqlApi::gatewayCalled);
      }
      this.evaluator = new CodeEvaluator(runtime);
      this.catalog = new ResolverCatalog(api, traces);
      LambdaInvoker lambda = b.lambda != null ? b.lambda : b.gateway != null ? gatewayLambda(b.gateway) : null;
      this.graphql = new GraphqlApi(api, runtime, gateway == null ? null : new DynamoDbDataSource(gateway),
          new HttpDataSource(b.httpEndpoints, b.gateway), lambda);
      this.arn = b.resolver.environment().arn("appsync", "apis/" + api.apiId);
      this.realtime = new Realtime(api, graphql, clock, accountId, partition, b.keepAlive, b.connectionInitTimeout,
          signatures, traces);
      server.setHandler(new Handler.Wrapper(realtime.handler(server, endpoint)) {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
          // Before anything else, the real-time upgrade included: a browser page elsewhere, or a
          // name that DNS rebinding points here, gets nothing.
          String refusal = loopback.refuseHost(request.getHeaders().get(HttpHeader.HOST));
          if (refusal == null) {
            refusal = loopback.refuseOrigin(request.getHeaders().get(HttpHeader.ORIGIN));
          }
          if (refusal != null) {
            writeJson(response, 403, error("ForbiddenException", refusal), callback);
            return true;
          }
          return super.handle(request, response, callback);
        }
      });
      server.setErrorHandler(new JsonErrors());
      server.start();
    } catch (Exception e) {
      if (runtime != null) {
        runtime.close();
      }
      deleteOwnDirectory();
      try {
        server.stop();
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      connector.close();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("the GraphQL endpoint did not start: " + e.getMessage(), e);
    }
  }

  /** Without the local system's gateway, DynamoDB data sources reach a given engine, unjudged. */
  static CallGateway engineGateway(DynamoDbEngine engine) {
    if (engine == null) {
      return null;
    }
    CallGateway gateway = CallGateway.open();
    gateway.serve(new AwsService() {
      @Override
      public String prefix() {
        return "dynamodb";
      }

      @Override
      public List<String> resources(String operation, JsonNode request) {
        return List.of();
      }

      @Override
      public JsonNode call(dev.orderflow.local.gateway.Caller caller, String operation, JsonNode request) {
        try {
          return engine.call(operation, request);
        } catch (DynamoDbError e) {
          throw new ServiceException("dynamodb", e.type(), e.status(), e.getMessage(), e.extra());
        }
      }
    });
    return gateway;
  }

  /** AWS_LAMBDA data sources invoke through the gateway, as the data source's role. */
  private static LambdaInvoker gatewayLambda(CallGateway gateway) {
    return (caller, functionArn, payload) -> {
      ObjectNode request = NODES.objectNode().put("FunctionName", functionArn);
      request.set("Payload", payload == null || payload.isMissingNode() ? NODES.nullNode() : payload);
      JsonNode answer = gateway.call(caller, "lambda", "Invoke", request);
      if (answer.hasNonNull("FunctionError")) {
        JsonNode error = answer.path("Payload");
        throw new LambdaInvoker.FunctionError(error.path("errorType").asText(answer.get("FunctionError").asText()),
            error.path("errorMessage").asText(error.toString()));
      }
      return answer.path("Payload");
    };
  }

  /**
   * Settings for an endpoint of the API in a stack.
   *
   * @param resolver resolves the template's intrinsics
   * @param registry the stack's registry: the endpoint registers what its AppSync resources give to
   *     {@code Ref} and {@code Fn::GetAtt} (API id, GraphQL URL, API key values, function ids)
   * @return a builder
   */
  public static Builder builder(TemplateResolver resolver, ReferenceRegistry registry) {
    return new Builder(resolver, registry);
  }

  /**
   * The GraphQL URL, e.g. {@code http://127.0.0.1:8080/graphql}.
   *
   * @return the URL that clients post to
   */
  public URI graphqlUrl() {
    return URI.create(baseUrl() + "graphql");
  }

  /**
   * The GraphiQL page, e.g. {@code http://127.0.0.1:8080/}.
   *
   * @return the page's address
   */
  public URI graphiqlUrl() {
    return URI.create(baseUrl());
  }

  /**
   * The GraphiQL page with the resolver evaluator open: pick a resolver or function of the API, run
   * its code against a context recorded from a request (or typed), see its result, logs and errors.
   *
   * @return the page's URL
   */
  public URI evaluatorUrl() {
    return URI.create(baseUrl()).resolve(EVALUATE_PAGE_PATH.substring(1));
  }

  /**
   * The real-time (WebSocket) URL, e.g. {@code ws://127.0.0.1:8080/graphql/realtime}; the same port
   * also takes {@code wss://}.
   *
   * @return the URL that subscribers connect to
   */
  public URI realtimeUrl() {
    return URI.create("ws://" + connector.getHost() + ":" + connector.getLocalPort() + "/graphql/realtime");
  }

  /**
   * The PEM file of the certificate authority that signed the endpoint's TLS certificate: what a
   * client trusts to reach the endpoint with {@code https://} or {@code wss://} (for Node.js,
   * {@code NODE_EXTRA_CA_CERTS}). A new one is made at each start.
   *
   * @return the PEM file's path
   */
  public Path certificate() {
    return certificate.pem();
  }

  /**
   * The API's ARN, as {@code Fn::GetAtt [api, Arn]} and {@code GraphQLEndpointArn} give it locally.
   *
   * @return the ARN
   */
  public String arn() {
    return arn;
  }

  /**
   * How many subscriptions are open over the real-time connections.
   *
   * @return the count
   */
  public int subscriptionCount() {
    return realtime.subscriptionCount();
  }

  /**
   * Runs a GraphQL request in process as an IAM caller, as an EventBridge rule's AppSync target
   * calls the API with its role: fields allowed to {@code @aws_iam} run, mutations fire their
   * subscriptions.
   *
   * @param principalArn the caller, e.g. the role's ARN; {@code ctx.identity.userArn} gives it
   * @param query the GraphQL document
   * @param variables the variables, an object (or null)
   * @return AppSync's JSON answer: {@code data} and {@code errors}
   */
  public ObjectNode executeAsIam(String principalArn, String query, JsonNode variables) {
    Map<String, Object> vars = variables != null && variables.isObject()
        ? JSON.convertValue(variables, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
        : Map.of();
    ObjectNode headers = NODES.objectNode();
    headers.put("content-type", "application/json");
    return graphql.execute(query, vars, null,
        new GraphqlApi.Call(Caller.iam(principalArn, accountId, "127.0.0.1"), headers));
  }

  /**
   * The credentials that IAM callers sign with: the printed example access key id (any other id
   * is accepted too, as another caller) and the secret that every SigV4 signature must be made
   * with, new at each start.
   *
   * @return the credentials
   */
  public AwsCredentials awsCredentials() {
    return credentials;
  }

  /**
   * An origin as {@link Builder#allowOrigins} takes it, checked and in its normal form.
   *
   * @param origin e.g. {@code https://dev.example.test:3000}
   * @return the origin, lower case, without a trailing slash
   * @throws IllegalArgumentException when it is not a scheme, a host and an optional port
   */
  public static String checkOrigin(String origin) {
    return LoopbackPolicy.normalise(origin);
  }

  private String baseUrl() {
    return "http://" + connector.getHost() + ":" + connector.getLocalPort() + "/";
  }

  /**
   * The port the endpoint listens on.
   *
   * @return the port
   */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * The API's id, as {@code Fn::GetAtt [api, ApiId]} gives it locally.
   *
   * @return the id
   */
  public String apiId() {
    return api.apiId;
  }

  /** The operations GraphiQL opens with, made once from the schema. */
  private String defaultQuery() {
    String query = defaultQuery;
    if (query == null) {
      query = ExampleOperations.of(graphql.schema(), apiName());
      defaultQuery = query;
    }
    return query;
  }

  /**
   * The API's name, from the template.
   *
   * @return the name
   */
  public String apiName() {
    return api.name;
  }

  /**
   * The API keys of the template that have not expired, by logical id.
   *
   * @return the key values (they stay the same from run to run for the same stack)
   */
  public Map<String, String> apiKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (ApiModel.ApiKey key : api.apiKeys) {
      if (now.isBefore(key.expires())) {
        keys.put(key.logicalId(), key.key());
      }
    }
    return keys;
  }

  /**
   * The first API key that has not expired, or null when there is none.
   *
   * @return a key for {@code x-api-key}
   */
  public String apiKey() {
    return apiKeys().values().stream().findFirst().orElse(null);
  }

  /**
   * The API's authorization modes, the default one first, as AppSync names them (e.g.
   * {@code API_KEY}, {@code AMAZON_COGNITO_USER_POOLS}).
   *
   * @return the modes
   */
  public List<String> authenticationTypes() {
    List<String> modes = new ArrayList<>();
    api.authModes().forEach(m -> modes.add(m.type()));
    return modes;
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  private void serve(Request request, Response response, Callback callback) {
    String requestId = UUID.randomUUID().toString();
    response.getHeaders().put("x-amzn-RequestId", requestId);
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && loopback.allowedOrigin(origin)) {
      // Only loopback pages and the allowed origins (the others were refused before).
      response.getHeaders().put("Access-Control-Allow-Origin", origin);
      response.getHeaders().put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    response.getHeaders().put(HttpHeader.VARY, "Origin");
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    try {
      if ("OPTIONS".equals(method)) {
        preflight(request, response, callback);
      } else if ("GET".equals(method) && (path.equals("/") || path.equals("/graphiql"))) {
        write(response, 200, "text/html; charset=UTF-8", GraphiqlPage.html(apiKey(), defaultQuery(), consoleUrl, null), callback);
      } else if ("GET".equals(method) && path.equals(EVALUATE_PAGE_PATH)) {
        write(response, 200, "text/html; charset=UTF-8",
            GraphiqlPage.html(apiKey(), defaultQuery(), consoleUrl, GraphiqlPage.EVALUATOR), callback);
      } else if ("GET".equals(method) && path.equals(RESOLVERS_PATH)) {
        writeJson(response, 200, catalog.list(), callback);
      } else if ("GET".equals(method) && path.startsWith(RESOLVERS_PATH + "/")) {
        String name = java.net.URLDecoder.decode(path.substring(RESOLVERS_PATH.length() + 1), StandardCharsets.UTF_8);
        java.util.Optional<ObjectNode> described = catalog.describe(name, queryParameters(request).get("requestId"));
        if (described.isPresent()) {
          writeJson(response, 200, described.get(), callback);
        } else {
          writeJson(response, 404, error("NotFoundException", "No resolver or function " + name + ": resolvers are"
              + " named Type.field, functions as the template names them; GET " + RESOLVERS_PATH + " lists them"),
              callback);
        }
      } else if ("GET".equals(method) && GraphiqlPage.isAsset(path)) {
        byte[] body = GraphiqlPage.asset(path);
        if (body == null) {
          writeJson(response, 404, error("NotFoundException", "The GraphiQL page's " + path + " is missing from the jar:"
              + " build orderflow-local with Maven, which bundles it"), callback);
        } else {
          write(response, 200, GraphiqlPage.contentType(path), body, callback);
        }
      } else if (path.equals("/graphql") && "POST".equals(method)) {
        graphql(request, response, callback, requestId);
      } else if (path.equals(BILL_PATH) && "GET".equals(method)) {
        writeJson(response, 200, bill.get().toJson(), callback);
      } else if (path.equals(BILL_PATH) && "DELETE".equals(method)
          || path.equals(BILL_PATH + "/reset") && "POST".equals(method)) {
        // Answers the bill of the window that the reset closes.
        writeJson(response, 200, bill.reset().toJson(), callback);
      } else if (path.equals(REQUESTS_PATH) && "GET".equals(method)) {
        listRequests(request, response, callback);
      } else if (path.startsWith(REQUESTS_PATH + "/") && "GET".equals(method)) {
        String id = path.substring(REQUESTS_PATH.length() + 1);
        java.util.Optional<RequestTrace> trace = traces.get(id);
        if (trace.isPresent()) {
          writeJson(response, 200, trace.get().toJson(), callback);
        } else {
          writeJson(response, 404, error("NotFoundException", "No request " + id + " is kept: the endpoint keeps the"
              + " latest " + traces.limit() + " requests"), callback);
        }
      } else if (path.equals(EVALUATE_CODE_PATH) && "POST".equals(method)) {
        evaluateCode(request, response, callback);
      } else if (path.equals("/graphql")) {
        writeJson(response, 405, error("MethodNotAllowedException", "Method " + method + " is not allowed on /graphql:"
            + " send POST"), callback);
      } else {
        writeJson(response, 404, error("NotFoundException", "No such path: " + path
            + "; GraphQL requests go to POST /graphql"), callback);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "GraphQL request " + requestId + " failed", e);
      writeJson(response, 500, error("InternalFailure", "An internal failure occurred: " + e.getMessage()), callback);
    }
  }

  private static void preflight(Request request, Response response, Callback callback) {
    String requested = request.getHeaders().get("Access-Control-Request-Headers");
    response.getHeaders().put("Access-Control-Allow-Headers", requested == null ? ALLOWED_HEADERS : requested);
    response.getHeaders().put("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    response.getHeaders().put("Access-Control-Max-Age", "86400");
    write(response, 200, "text/plain", new byte[0], callback);
  }

  /** Where the query inspector lists the traced requests. */
  static final String REQUESTS_PATH = "/_orderflow/requests";
  /** The bill of the stack's work: {@code GET} reads it, {@code DELETE} (or {@code POST .../reset}) starts a new window. */
  static final String BILL_PATH = "/_orderflow/bill";
  private volatile dev.orderflow.local.bill.BillView bill = dev.orderflow.local.bill.BillView.of(
      new dev.orderflow.local.bill.Meter(), dev.orderflow.local.bill.Prices::defaults);
  /** Where the evaluator lists the API's resolvers and functions with their code. */
  static final String RESOLVERS_PATH = "/_orderflow/resolvers";
  /** The GraphiQL page with the evaluator open. */
  static final String EVALUATE_PAGE_PATH = "/_orderflow/evaluate";
  /** Where AppSync's EvaluateCode is answered (its REST path). */
  static final String EVALUATE_CODE_PATH = "/v1/dataplane-evaluatecode";
  private static final int PAGE_MAX = 100;

  private static Map<String, String> queryParameters(Request request) {
    Map<String, String> params = new LinkedHashMap<>();
    String rawQuery = request.getHttpURI().getQuery();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.put(name, value);
      }
    }
    return params;
  }

  private void listRequests(Request request, Response response, Callback callback) {
    Map<String, String> params = queryParameters(request);
    int limit = 50;
    Long before = null;
    try {
      if (params.containsKey("limit")) {
        limit = Integer.parseInt(params.get("limit"));
        if (limit < 1 || limit > PAGE_MAX) {
          throw new NumberFormatException();
        }
      }
      if (params.containsKey("nextToken")) {
        before = Long.parseLong(new String(java.util.Base64.getUrlDecoder().decode(params.get("nextToken")),
            StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      writeJson(response, 400, error("BadRequestException", "limit must be from 1 to " + PAGE_MAX + " and nextToken"
          + " one that an earlier page gave, but limit=" + params.get("limit") + " and nextToken="
          + params.get("nextToken") + " were given"), callback);
      return;
    }
    String operation = params.get("operation");
    boolean errorsOnly = "true".equalsIgnoreCase(params.get("errors"));
    RequestTraces.Page page = traces.page(t -> (operation == null || operation.equals(t.operationName())
        || t.resolvers().stream().anyMatch(r -> r.path().equals(operation)))
        && (!errorsOnly || t.hasErrors()), limit, before);
    ObjectNode out = NODES.objectNode();
    com.fasterxml.jackson.databind.node.ArrayNode list = out.putArray("requests");
    page.traces().forEach(t -> list.add(t.toSummaryJson()));
    out.put("nextToken", page.next() == null ? null : java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(String.valueOf(page.next()).getBytes(StandardCharsets.UTF_8)));
    out.put("traceLimit", traces.limit());
    writeJson(response, 200, out, callback);
  }

  private void evaluateCode(Request request, Response response, Callback callback) {
    JsonNode body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
      body = bytes.length == 0 || bytes.length > MAX_REQUEST_BYTES ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      response.getHeaders().put("x-amzn-ErrorType", "BadRequestException");
      writeJson(response, 400, NODES.objectNode().put("message", "The body must be a JSON object of at most "
          + MAX_REQUEST_BYTES + " bytes"), callback);
      return;
    }
    try {
      writeJson(response, 200, evaluator.evaluateCode(body), callback);
    } catch (ServiceException e) {
      // AppSync's control plane answers errors as REST JSON: the type in a header, the message in the body.
      response.getHeaders().put("x-amzn-ErrorType", e.code());
      writeJson(response, e.status(), NODES.objectNode().put("message", e.getMessage()), callback);
    }
  }

  /**
   * The traces of the latest requests to this endpoint, newest first.
   *
   * @return the endpoint's record of requests; empty and disabled when its trace limit is 0
   */
  public RequestTraces requests() {
    return traces;
  }

  /**
   * Where the local console is, so that the GraphiQL page links to it.
   *
   * @param url the console's address, or null for no link
   */
  public void consoleUrl(URI url) {
    this.consoleUrl = url;
  }

  /**
   * AppSync's {@code EvaluateCode}, in the runtime that this endpoint's resolvers run in.
   *
   * @return the evaluator
   */
  public CodeEvaluator evaluator() {
    return evaluator;
  }

  private void recordTrace(TraceRecorder trace, int status, JsonNode answer) {
    if (trace == null) {
      return;
    }
    List<JsonNode> errors = new ArrayList<>();
    answer.path("errors").forEach(errors::add);
    traces.add(trace.finish(traces.nextSequence(), status, errors));
  }

  private void graphql(Request request, Response response, Callback callback, String requestId) {
    TraceRecorder trace = traces.enabled() ? new TraceRecorder(requestId, clock.instant()) : null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
    }
    if (trace != null) {
      trace.caller = TraceRecorder.maskedCaller(headers, null);
    }
    String sourceIp = "127.0.0.1";
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      sourceIp = inet.getAddress().getHostAddress();
    }
    long declared = request.getLength();
    if (declared > MAX_REQUEST_BYTES) {
      tooLarge(trace, response, declared, callback);
      return;
    }
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
    } catch (IOException e) {
      bytes = new byte[0];
    }
    if (bytes.length > MAX_REQUEST_BYTES) {
      tooLarge(trace, response, -1, callback);
      return;
    }
    byte[] signedBody = bytes;
    Caller caller;
    try {
      caller = Caller.identify(api, headers, sourceIp, accountId, partition, clock.instant(),
          h -> signatures.verify(new SigV4Verifier.Signed(request.getMethod(), request.getHttpURI().getPath(),
              request.getHttpURI().getQuery(), h, signedBody), clock.instant()));
    } catch (Caller.Unauthorized e) {
      response.getHeaders().put("x-amzn-ErrorType", e.type());
      ObjectNode refused = error(e.type(), e.getMessage());
      if (trace != null) {
        try {
          JsonNode body = JSON.readTree(bytes);
          trace.query = body.path("query").asText(null);
          String[] operation = GraphqlApi.operationOf(trace.query == null ? "" : trace.query,
              body.path("operationName").asText(null));
          trace.operationType = operation[0];
          trace.operationName = operation[1];
        } catch (IOException | RuntimeException unreadable) {
          // A refused caller's body need not be JSON.
        }
        recordTrace(trace, e.status(), refused);
      }
      // Recorded before the answer is written, so a client that has its answer finds its trace.
      writeJson(response, e.status(), refused, callback);
      return;
    }
    JsonNode body;
    try {
      body = bytes.length == 0 ? null : JSON.readTree(bytes);
    } catch (IOException e) {
      body = null;
    }
    if (trace != null && body != null && body.isObject()) {
      trace.query = body.path("query").asText(null);
      String[] operation = GraphqlApi.operationOf(trace.query == null ? "" : trace.query,
          body.path("operationName").isTextual() ? body.get("operationName").asText() : null);
      trace.operationType = operation[0];
      trace.operationName = operation[1];
      if (body.path("variables").isObject()) {
        trace.variables = body.get("variables");
      }
    }
    if (trace != null) {
      trace.authMode = caller.authMode();
      trace.caller = TraceRecorder.maskedCaller(headers, caller.identity());
    }
    if (body == null || !body.isObject() || !body.path("query").isTextual()) {
      ObjectNode refused = error("MalformedHttpRequestException", body == null || !body.isObject()
          ? "Unable to parse the JSON document: the body must be a JSON object with a query"
          : "The request body has no query string");
      recordTrace(trace, 400, refused);
      writeJson(response, 400, refused, callback);
      return;
    }
    String query = body.get("query").asText();
    String operationName = body.path("operationName").isTextual() ? body.get("operationName").asText() : null;
    if (GraphqlApi.isSubscription(query, operationName)) {
      ObjectNode refused = error("UnsupportedOperation", "Subscriptions are not served over HTTP: subscribe over the"
          + " real-time WebSocket endpoint, " + realtimeUrl());
      refused.putNull("data");
      recordTrace(trace, 400, refused);
      writeJson(response, 400, refused, callback);
      return;
    }
    JsonNode variables = body.path("variables");
    Map<String, Object> vars = variables.isObject()
        ? JSON.convertValue(variables, JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class))
        : Map.of();
    ObjectNode requestHeaders = NODES.objectNode();
    headers.forEach(requestHeaders::put);
    ObjectNode answer = graphql.execute(body.get("query").asText(), vars,
        body.path("operationName").isTextual() ? body.get("operationName").asText() : null,
        new GraphqlApi.Call(caller, requestHeaders, trace));
    recordTrace(trace, 200, answer);
    writeJson(response, 200, answer, callback);
  }

  private void tooLarge(TraceRecorder trace, Response response, long declared, Callback callback) {
    // Not read: the connection is closed after the answer, so the rest of the body is never taken.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    ObjectNode refused = error("PayloadTooLargeException", "The request body is "
        + (declared >= 0 ? declared + " bytes" : "over the limit") + ": AppSync takes at most " + MAX_REQUEST_BYTES
        + " bytes");
    recordTrace(trace, 413, refused);
    writeJson(response, 413, refused, callback);
  }

  /** Jetty's own errors (a malformed request, a header too large...) in AppSync's JSON, with no version. */
  private static final class JsonErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      Object status = request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_STATUS);
      int code = status instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 500;
      Object message = request.getAttribute(org.eclipse.jetty.server.handler.ErrorHandler.ERROR_MESSAGE);
      String type = code == 404 ? "NotFoundException" : code == 405 ? "MethodNotAllowedException"
          : code == 413 ? "PayloadTooLargeException" : code < 500 ? "BadRequestException" : "InternalFailure";
      String text = message == null ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message.toString();
      writeJson(response, code, error(type, text.length() > 200 ? text.substring(0, 200) + "..." : text), callback);
      return true;
    }
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode out = NODES.objectNode();
    ObjectNode e = out.putArray("errors").addObject();
    e.put("errorType", type);
    e.put("message", message);
    return out;
  }

  private static void writeJson(Response response, int status, JsonNode body, Callback callback) {
    try {
      write(response, status, "application/json; charset=UTF-8", JSON.writeValueAsBytes(body), callback);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Response response, int status, String contentType, byte[] body, Callback callback) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Tells {@code listener} when the Node.js process that runs the APPSYNC_JS code died so often
   * (3 times within 30 seconds) that it is not restarted again: from then on every resolver answers
   * an error of type {@code Runtime.RunnerUnavailable}, so the owner should stop the whole system.
   * Until then a process that dies is restarted, and only the requests in flight fail, with that
   * error type. Added after giving up, the listener is told at once.
   *
   * @param listener runs once, on a thread of its own; it takes the error, whose message is one
   *     line naming the runner and why it gave up
   */
  public void onRunnerGiveUp(Consumer<RunnerUnavailableException> listener) {
    js.onGiveUp(listener);
  }

  /** The process id of the Node.js process that runs the APPSYNC_JS code now. */
  long runnerPid() {
    return js.pid();
  }

  /** Stops listening and ends the Node.js process. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "the GraphQL endpoint did not stop cleanly", e);
    } finally {
      realtime.close();
      js.close();
      deleteOwnDirectory();
    }
  }

  private void deleteOwnDirectory() {
    if (ownDirectory == null) {
      return;
    }
    try (java.util.stream.Stream<Path> files = Files.walk(ownDirectory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete " + ownDirectory, e);
    }
  }

  /** Settings of an endpoint; {@link #start()} starts it. */
  /**
   * Counts the bill's units from now on into this meter: operations executed, real-time messages
   * delivered, connection-minutes.
   *
   * @param meter the bill's meter
   */
  public void meter(dev.orderflow.local.bill.Meter meter) {
    graphql.meter(meter);
    realtime.meter(meter);
  }

  /**
   * What {@code /_orderflow/bill} serves.
   *
   * @param bill the local system's bill
   */
  public void bill(dev.orderflow.local.bill.BillView bill) {
    this.bill = java.util.Objects.requireNonNull(bill, "bill");
  }

  public static final class Builder {
    private final TemplateResolver resolver;
    private final ReferenceRegistry registry;
    private String host = "127.0.0.1";
    private int port;
    private String apiLogicalId;
    private DynamoDbEngine tables;
    private Function<String, URI> httpEndpoints = endpoint -> null;
    private LambdaInvoker lambda;
    private CallGateway gateway;
    private String nodeExecutable = "node";
    private Clock clock = Clock.systemUTC();
    private Path directory;
    private java.time.Duration keepAlive = java.time.Duration.ofSeconds(60);
    private java.time.Duration connectionInitTimeout = java.time.Duration.ofSeconds(10);
    private final List<String> allowOrigins = new ArrayList<>();
    private AwsCredentials credentials;
    private int traceLimit = RequestTraces.DEFAULT_LIMIT;

    private Builder(TemplateResolver resolver, ReferenceRegistry registry) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The port to listen on.
     *
     * @param port a port, or 0 for a free one
     * @return this builder
     * @default 0 (a free port)
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be from 0 to 65535, but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The address to listen on.
     *
     * @param host a host name or address
     * @return this builder
     * @default 127.0.0.1 (loopback only)
     */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The logical id of the API to serve, needed only when the stack has several.
     *
     * @param logicalId an {@code AWS::AppSync::GraphQLApi} of the template
     * @return this builder
     * @default the stack's only API
     */
    public Builder apiLogicalId(String logicalId) {
      this.apiLogicalId = logicalId;
      return this;
    }

    /**
     * The table engine that AMAZON_DYNAMODB data sources use; their table names resolve to its tables.
     *
     * @param engine the engine holding the stack's tables
     * @return this builder
     * @default none: a DynamoDB data source fails when called
     */
    public Builder tables(DynamoDbEngine engine) {
      this.tables = engine;
      return this;
    }

    /**
     * Maps the endpoints of HTTP data sources to local addresses, e.g. the SQS endpoint
     * {@code https://sqs.us-east-1.amazonaws.com} to the local ElasticMQ endpoint.
     *
     * @param mapping gives the local base URI of an endpoint, or null to send to the endpoint as it is
     * @return this builder
     * @default every endpoint as it is
     */
    public Builder httpEndpoints(Function<String, URI> mapping) {
      this.httpEndpoints = Objects.requireNonNull(mapping, "mapping");
      return this;
    }

    /**
     * The local system's gateway: data sources call DynamoDB, Lambda and the AWS services of HTTP
     * data sources (SQS) through it, as their role, so the stack's IAM policies judge each call.
     *
     * @param gateway the gateway
     * @return this builder
     * @default none: data sources reach {@link #tables} and the HTTP endpoints directly, unjudged
     */
    public Builder gateway(CallGateway gateway) {
      this.gateway = gateway;
      return this;
    }

    /**
     * Invokes the Lambda functions of AWS_LAMBDA data sources.
     *
     * @param invoker the local functions
     * @return this builder
     * @default none: a Lambda data source fails when called
     */
    public Builder lambda(LambdaInvoker invoker) {
      this.lambda = invoker;
      return this;
    }

    /**
     * The Node.js executable that runs APPSYNC_JS code.
     *
     * @param executable a command on the PATH or a path
     * @return this builder
     * @default {@code node}
     */
    public Builder nodeExecutable(String executable) {
      this.nodeExecutable = Objects.requireNonNull(executable, "executable");
      return this;
    }

    /**
     * The clock that API key and token expiry is judged by.
     *
     * @param clock a clock
     * @return this builder
     * @default the system clock
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where the endpoint writes its TLS certificate (PEM) and key store.
     *
     * @param directory a directory, created if needed
     * @return this builder
     * @default a new temporary directory, deleted on close
     */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * How often the real-time connections get a {@code ka} (keep-alive) message.
     *
     * @param interval above zero and below AppSync's connection timeout of five minutes
     * @return this builder
     * @default one minute
     */
    public Builder keepAlive(java.time.Duration interval) {
      if (interval.isNegative() || interval.isZero() || interval.toMillis() >= Realtime.CONNECTION_TIMEOUT_MS) {
        throw new IllegalArgumentException("keepAlive must be above zero and below five minutes, but was " + interval);
      }
      this.keepAlive = interval;
      return this;
    }

    /**
     * How long a real-time connection may stay open without sending {@code connection_init}; then
     * it is closed (code 4408).
     *
     * @param timeout above zero
     * @return this builder
     * @default 10 seconds
     */
    public Builder connectionInitTimeout(java.time.Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connectionInitTimeout must be above zero, but was " + timeout);
      }
      this.connectionInitTimeout = timeout;
      return this;
    }

    /**
     * Browser origins allowed besides the loopback ones ({@code http://} and {@code https://} on
     * {@code localhost}, {@code 127.0.0.1} and {@code [::1]}, any port), e.g. a dev server reached by
     * another name. A request with any other {@code Origin} is refused with 403.
     *
     * @param origins origins such as {@code https://dev.example.test:3000}: a scheme, a host and an
     *     optional port, no path
     * @return this builder
     * @default none: loopback origins only
     */
    public Builder allowOrigins(java.util.Collection<String> origins) {
      for (String origin : origins) {
        allowOrigins.add(LoopbackPolicy.normalise(origin));
      }
      return this;
    }

    /**
     * The credentials that IAM callers must sign with.
     *
     * @param credentials an access key id to print and the secret that signatures are checked with
     * @return this builder
     * @default the example access key id with a new random secret
     */
    public Builder awsCredentials(AwsCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * How many requests the query inspector keeps (the latest ones; older traces are dropped, so memory
     * stays flat). 0 turns tracing off.
     *
     * @param limit 0 or more
     * @return this builder
     * @default 1,000
     */
    public Builder traceLimit(int limit) {
      if (limit < 0) {
        throw new IllegalArgumentException("traceLimit must be 0 or more, but " + limit + " was given");
      }
      this.traceLimit = limit;
      return this;
    }

    /**
     * Reads the API from the template, starts Node.js with its code and listens.
     *
     * @return the running endpoint
     * @throws dev.orderflow.local.assembly.AssemblyException naming the logical id and property of what
     *     cannot run locally
     * @throws IllegalStateException when Node.js is missing or the port is taken
     */
    public AppSyncEndpoint start() {
      return new AppSyncEndpoint(this);
    }
  }
}
