package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.ServiceException;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.language.AstPrinter;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.FieldDefinition;
import graphql.language.SourceLocation;
import graphql.language.StringValue;
import graphql.language.ArrayValue;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import graphql.schema.SelectedField;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.WiringFactory;
import graphql.validation.ValidationError;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.node.RunnerUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API's schema on graphql-java, each field with a resolver running its APPSYNC_JS code, each field
 * checked against the authorization directives, and the answer written as AppSync writes it.
 */
final class GraphqlApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The errorType of a field whose resolver code could not run because the APPSYNC_JS runner died. */
  static final String RUNNER_UNAVAILABLE = "Runtime.RunnerUnavailable";
  static final String CALL = "orderflow.appsync.call";

  /** AppSync declares its directives and scalars itself: a schema uses them without declaring them. */
  private static final Map<String, String> BUILT_IN = builtIns();

  private static Map<String, String> builtIns() {
    Map<String, String> d = new LinkedHashMap<>();
    for (String scalar : List.of("AWSDate", "AWSTime", "AWSDateTime", "AWSTimestamp", "AWSEmail", "AWSJSON", "AWSURL",
        "AWSPhone", "AWSIPAddress")) {
      d.put(scalar, "scalar " + scalar);
    }
    String on = " on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | INPUT_OBJECT | ENUM";
    d.put("aws_api_key", "directive @aws_api_key" + on);
    d.put("aws_iam", "directive @aws_iam" + on);
    d.put("aws_oidc", "directive @aws_oidc" + on);
    d.put("aws_lambda", "directive @aws_lambda" + on);
    d.put("aws_cognito_user_pools", "directive @aws_cognito_user_pools(cognito_groups: [String])" + on);
    d.put("aws_auth", "directive @aws_auth(cognito_groups: [String])" + on);
    d.put("aws_subscribe", "directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION");
    d.put("aws_publish", "directive @aws_publish(subscriptions: [String]) on FIELD_DEFINITION");
    d.put("aws_cors", "directive @aws_cors(origins: [String], methods: [String], headers: [String]) on OBJECT");
    d.put("aws_lambda_authorizer", "directive @aws_lambda_authorizer on FIELD_DEFINITION | OBJECT");
    return d;
  }

  private static final Map<String, String> MODE_OF_DIRECTIVE = Map.of(
      "aws_api_key", "API_KEY",
      "aws_iam", "AWS_IAM",
      "aws_oidc", "OPENID_CONNECT",
      "aws_lambda", "AWS_LAMBDA",
      "aws_cognito_user_pools", "AMAZON_COGNITO_USER_POOLS",
      "aws_auth", "AMAZON_COGNITO_USER_POOLS");

  /** What one request brings to its fields; {@code trace} gathers what they do, when the request is traced. */
  record Call(Caller caller, ObjectNode headers, TraceRecorder trace) {
    Call(Caller caller, ObjectNode headers) {
      this(caller, headers, null);
    }
  }

  /** The calls that the data source being traced on this thread makes, or null when none is traced. */
  private static final ThreadLocal<List<JsonNode>> CALLS = new ThreadLocal<>();

  /** Whether a traced data source runs on this thread. */
  static boolean tracingCalls() {
    return CALLS.get() != null;
  }

  /** Adds a call to the traced data source of this thread, if any. */
  static void recordCall(JsonNode call) {
    List<JsonNode> calls = CALLS.get();
    if (calls != null) {
      calls.add(call);
    }
  }

  /** A gateway listener: each call that a traced data source makes, with its answer or error. */
  static void gatewayCalled(dev.orderflow.local.gateway.CallListener.Call call, JsonNode answer,
      ServiceException failure, long nanos) {
    if (!tracingCalls()) {
      return;
    }
    ObjectNode out = NODES.objectNode();
    out.put("kind", "AWS");
    out.put("service", call.service());
    out.put("operation", call.operation());
    out.put("caller", call.caller().principal());
    out.set("request", call.request());
    if (failure == null) {
      out.set("response", answer);
    } else {
      out.putObject("error").put("type", failure.code()).put("message", failure.getMessage());
    }
    out.put("durationMs", Math.round(nanos / 1_000.0) / 1_000.0);
    recordCall(out);
  }

  /** The operation a document runs (the named one, or the only one): its type in lower case and its name. */
  static String[] operationOf(String query, String operationName) {
    try {
      Document document = Parser.parse(query);
      for (Definition<?> d : document.getDefinitions()) {
        if (d instanceof OperationDefinition op && (operationName == null || operationName.equals(op.getName()))) {
          return new String[] {op.getOperation().name().toLowerCase(java.util.Locale.ROOT),
              operationName != null ? operationName : op.getName()};
        }
      }
    } catch (RuntimeException e) {
      // The answer names the syntax error.
    }
    return new String[] {null, operationName};
  }

  /** The context key of a subscription being started: what its resolver asks for is gathered there. */
  static final String SUBSCRIPTION_START = "orderflow.appsync.subscriptionStart";
  /** The context key of a published value: a subscription's root field answers it. */
  static final String SUBSCRIPTION_VALUE = "orderflow.appsync.subscriptionValue";
  private static final String MUTATIONS = "orderflow.appsync.mutations";
  private static final String RESOLVERS_RUN = "orderflow.appsync.resolversRun";
  /** AppSync's own ceiling of resolvers per request, when the API sets no ResolverCountLimit. */
  static final int MAX_RESOLVERS = 10_000;

  /** What the subscription field's resolver and arguments say when a subscription starts. */
  static final class StartedField {
    String fieldName;
    Map<String, Object> arguments = Map.of();
    final List<JsonNode> extensionCalls = new ArrayList<>();
  }

  /** Told of each top-level mutation field that completed with a value, in order. */
  @FunctionalInterface
  interface MutationListener {
    /**
     * @param fieldName the mutation field, e.g. {@code publishOrderUpdate}
     * @param value its result as the caller selected it
     */
    void completed(String fieldName, JsonNode value);
  }

  private record Completed(String fieldName, String resultKey) {
  }

  private final ApiModel api;
  private final JsRuntime js;
  private final DynamoDbDataSource dynamodb;
  private final HttpDataSource http;
  private final LambdaInvoker lambda;
  private final GraphQL graphql;
  private final String mutationType;
  private final String subscriptionType;
  /** For each mutation field, the subscription fields that {@code @aws_subscribe} to it. */
  private final Map<String, List<String>> subscribedBy = new LinkedHashMap<>();
  private volatile MutationListener mutationListener = (field, value) -> { };
  private volatile dev.orderflow.local.bill.Meter meter = new dev.orderflow.local.bill.Meter();

  GraphqlApi(ApiModel api, JsRuntime js, DynamoDbDataSource dynamodb, HttpDataSource http, LambdaInvoker lambda) {
    this.api = api;
    this.js = js;
    this.dynamodb = dynamodb;
    this.http = http;
    this.lambda = lambda;
    TypeDefinitionRegistry types = new SchemaParser().parse(withBuiltIns(api.schema));
    for (ApiModel.FieldResolver r : api.resolvers.values()) {
      boolean found = types.getType(r.typeName())
          .filter(t -> t instanceof graphql.language.ObjectTypeDefinition)
          .map(t -> ((graphql.language.ObjectTypeDefinition) t).getFieldDefinitions().stream()
              .anyMatch(f -> f.getName().equals(r.fieldName())))
          .orElse(false);
      if (!found) {
        throw new AssemblyException(r.logicalId() + ": the schema has no field " + r.typeName() + "." + r.fieldName());
      }
    }
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().wiringFactory(new Wiring());
    AwsScalars.all().forEach(wiring::scalar);
    GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(types, wiring.build());
    this.mutationType = schema.getMutationType() == null ? null : schema.getMutationType().getName();
    this.subscriptionType = schema.getSubscriptionType() == null ? null : schema.getSubscriptionType().getName();
    if (subscriptionType != null) {
      for (graphql.schema.GraphQLFieldDefinition field : schema.getSubscriptionType().getFieldDefinitions()) {
        FieldDefinition definition = field.getDefinition();
        Directive subscribe = definition == null ? null : definition.getDirectives("aws_subscribe").stream()
            .findFirst().orElse(null);
        if (subscribe != null && subscribe.getArgument("mutations") != null
            && subscribe.getArgument("mutations").getValue() instanceof ArrayValue mutations) {
          for (graphql.language.Value<?> m : mutations.getValues()) {
            String mutation = ((StringValue) m).getValue();
            if (mutationType == null || schema.getMutationType().getFieldDefinition(mutation) == null) {
              throw new AssemblyException(api.logicalId + ": the schema's " + subscriptionType + "." + field.getName()
                  + " subscribes to mutation " + mutation + ", which the schema does not have");
            }
            subscribedBy.computeIfAbsent(mutation, k -> new ArrayList<>()).add(field.getName());
          }
        }
      }
    }
    // A subscription document runs like a query: at start its root field runs the field's resolver,
    // and for each published value it selects from that value.
    GraphQL.Builder builder = GraphQL.newGraphQL(schema)
        .subscriptionExecutionStrategy(new graphql.execution.AsyncExecutionStrategy());
    if (api.queryDepthLimit > 0) {
      int limit = api.queryDepthLimit;
      builder.instrumentation(new graphql.analysis.MaxQueryDepthInstrumentation(limit, info -> {
        throw new graphql.execution.AbortExecutionException("Query depth of " + info.getDepth()
            + " exceeds the API's QueryDepthLimit of " + limit);
      }));
    }
    this.graphql = builder.build();
  }

  /** Whom to tell when a mutation completes. */
  void onMutation(MutationListener listener) {
    this.mutationListener = listener;
  }

  /** The subscription fields that a mutation field fires, by {@code @aws_subscribe}. */
  List<String> subscriptionsOf(String mutationField) {
    return subscribedBy.getOrDefault(mutationField, List.of());
  }

  /** The name of the schema's subscription type, or null when it has none. */
  String subscriptionType() {
    return subscriptionType;
  }

  private static String withBuiltIns(String schema) {
    StringBuilder sdl = new StringBuilder();
    for (Map.Entry<String, String> e : BUILT_IN.entrySet()) {
      String declared = e.getValue().startsWith("scalar") ? "scalar\\s+" + e.getKey() + "\\b"
          : "directive\\s+@" + e.getKey() + "\\b";
      if (!java.util.regex.Pattern.compile(declared).matcher(schema).find()) {
        sdl.append(e.getValue()).append('\n');
      }
    }
    return sdl.append(schema).toString();
  }

  /** Counts the operations it executes from now on into this meter. */
  void meter(dev.orderflow.local.bill.Meter meter) {
    this.meter = meter;
  }

  /** Runs one GraphQL request and answers AppSync's JSON: data and errors. */
  ObjectNode execute(String query, Map<String, Object> variables, String operationName, Call call) {
    List<Completed> completed = java.util.Collections.synchronizedList(new ArrayList<>());
    ObjectNode out = execute(query, variables, operationName, Map.of(CALL, call, MUTATIONS, completed));
    JsonNode data = out.path("data");
    if (data.isObject()) {
      // An executed query or mutation is one billed operation, named here by its root fields.
      meter.count(dev.orderflow.local.bill.Line.APPSYNC_OPERATIONS, 1, String.join(",", (Iterable<String>) data::fieldNames));
    }
    for (Completed c : List.copyOf(completed)) {
      JsonNode value = data.path(c.resultKey());
      if (!value.isMissingNode() && !value.isNull() && !subscriptionsOf(c.fieldName()).isEmpty()) {
        mutationListener.completed(c.fieldName(), value);
      }
    }
    return out;
  }

  /**
   * Starts a subscription: validates the document, checks the caller's access to the field and
   * runs the field's resolver, whose {@code extensions} calls the holder gathers.
   */
  ObjectNode startSubscription(String query, Map<String, Object> variables, String operationName, Call call,
      StartedField started) {
    return execute(query, variables, operationName, Map.of(CALL, call, SUBSCRIPTION_START, started));
  }

  /** Selects from a published value what a subscriber's document asks for. */
  ObjectNode selectPublished(String query, Map<String, Object> variables, String operationName, Call call,
      JsonNode value) {
    return execute(query, variables, operationName, Map.of(CALL, call, SUBSCRIPTION_VALUE,
        JSON.convertValue(value, Object.class)));
  }

  /** Whether a document's operation (the named one, or the only one) is a subscription. */
  static boolean isSubscription(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (RuntimeException e) {
      return false;
    }
    for (Definition<?> d : document.getDefinitions()) {
      if (d instanceof OperationDefinition op && (operationName == null || operationName.equals(op.getName()))) {
        return op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
      }
    }
    return false;
  }

  private ObjectNode execute(String query, Map<String, Object> variables, String operationName,
      Map<String, Object> context) {
    Map<String, Object> withCounter = new java.util.HashMap<>(context);
    withCounter.put(RESOLVERS_RUN, new java.util.concurrent.atomic.AtomicInteger());
    ExecutionInput input = ExecutionInput.newExecutionInput(query)
        .variables(variables == null ? Map.of() : variables)
        .operationName(operationName)
        .graphQLContext(withCounter)
        .build();
    ExecutionResult result = graphql.execute(input);
    ObjectNode out = NODES.objectNode();
    Object data = result.getData();
    boolean executed = result.isDataPresent();
    out.set("data", executed ? JSON.valueToTree(data) : NODES.nullNode());
    if (!result.getErrors().isEmpty()) {
      ArrayNode errors = out.putArray("errors");
      for (GraphQLError e : result.getErrors()) {
        errors.add(error(e));
      }
    }
    return out;
  }

  private static final java.util.regex.Pattern VALIDATION_PREFIX =
      java.util.regex.Pattern.compile("^Validation error \\([^)]*\\) ?: ?");
  /** A quoted value in a message: at most its first 100 characters are quoted back. */
  private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^']{101,})'|\"([^\"]{101,})\"");
  static final int QUOTED_VALUE_MAX = 100;

  /** Long values that a message quotes (a bad literal, a token) cut to their first 100 characters. */
  static String shortenValues(String message) {
    if (message == null || message.length() <= QUOTED_VALUE_MAX) {
      return message;
    }
    java.util.regex.Matcher m = QUOTED.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String quote = m.group(1) != null ? "'" : "\"";
      String value = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(quote + value.substring(0, QUOTED_VALUE_MAX)
          + "..." + quote));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static ObjectNode error(GraphQLError e) {
    ObjectNode out = NODES.objectNode();
    out.set("path", e.getPath() == null ? NODES.nullNode() : JSON.valueToTree(e.getPath()));
    if (e instanceof FieldError f) {
      out.set("data", f.data() == null ? NODES.nullNode() : f.data());
      out.put("errorType", f.appSyncErrorType());
      out.set("errorInfo", f.errorInfo() == null ? NODES.nullNode() : f.errorInfo());
    }
    ArrayNode locations = out.putArray("locations");
    if (e.getLocations() != null) {
      for (SourceLocation l : e.getLocations()) {
        ObjectNode each = locations.addObject();
        each.put("line", l.getLine());
        each.put("column", l.getColumn());
        each.putNull("sourceName");
      }
    }
    String message = e.getMessage();
    if (e instanceof ValidationError v && v.getValidationErrorType() != null) {
      // AppSync words validation errors the way older graphql-java did: the type once, the path at the end.
      String description = VALIDATION_PREFIX.matcher(v.getDescription() == null ? "" : v.getDescription())
          .replaceFirst("");
      message = "Validation error of type " + v.getValidationErrorType() + ": " + description
          + (v.getQueryPath() == null || v.getQueryPath().isEmpty() ? "" : " @ '" + String.join("/", v.getQueryPath()) + "'");
    }
    if (!(e instanceof FieldError)) {
      if (e instanceof graphql.execution.AbortExecutionException) {
        out.put("errorType", "QueryDepthLimitExceeded");
      }
      message = shortenValues(message);
    }
    out.put("message", message);
    return out;
  }

  /** Every field: its authorization checked, then its resolver or the value of the parent's property. */
  private final class Wiring implements WiringFactory {

    @Override
    public boolean providesDataFetcher(FieldWiringEnvironment environment) {
      return true;
    }

    @Override
    public DataFetcher<?> getDataFetcher(FieldWiringEnvironment environment) {
      String typeName = environment.getParentType().getName();
      FieldDefinition field = environment.getFieldDefinition();
      Set<String> modes = allowedModes(field, environment.getParentType());
      List<String> groups = groups(field, environment.getParentType());
      ApiModel.FieldResolver resolver = api.resolvers.get(typeName + "." + field.getName());
      return env -> {
        Call call = env.getGraphQlContext().get(CALL);
        if (!modes.contains(call.caller().authMode()) || !inGroups(call.caller(), groups)) {
          return DataFetcherResult.newResult().error(new FieldError("Not Authorized to access " + field.getName()
              + " on type " + typeName, "Unauthorized", null, null, env.getExecutionStepInfo().getPath().toList(),
              List.of(env.getField().getSourceLocation()))).build();
        }
        if (typeName.equals(subscriptionType) && env.getExecutionStepInfo().getPath().getLevel() == 1) {
          if (env.getGraphQlContext().hasKey(SUBSCRIPTION_VALUE)) {
            return env.getGraphQlContext().get(SUBSCRIPTION_VALUE);
          }
          StartedField started = env.getGraphQlContext().get(SUBSCRIPTION_START);
          if (started == null) {
            // Only in process: a subscription posted over HTTP is refused before it gets here.
            return null;
          }
          started.fieldName = field.getName();
          started.arguments = env.getArguments();
          if (resolver != null) {
            Object answer = resolve(resolver, env, call);
            // The root value of a subscription is what mutations publish, never the resolver's result.
            return answer instanceof DataFetcherResult<?> r && !r.getErrors().isEmpty()
                ? DataFetcherResult.newResult().errors(r.getErrors()).build() : null;
          }
          return null;
        }
        if (resolver != null) {
          int limit = api.resolverCountLimit > 0 ? api.resolverCountLimit : MAX_RESOLVERS;
          java.util.concurrent.atomic.AtomicInteger run = env.getGraphQlContext().get(RESOLVERS_RUN);
          if (run != null && run.incrementAndGet() > limit) {
            return DataFetcherResult.newResult().error(new FieldError("Resolver count exceeds the API's limit of "
                + limit + " resolvers per request", "ResolverCountLimitExceeded", null, null,
                env.getExecutionStepInfo().getPath().toList(), List.of(env.getField().getSourceLocation()))).build();
          }
          Object answer = resolve(resolver, env, call);
          if (typeName.equals(mutationType) && env.getGraphQlContext().hasKey(MUTATIONS)) {
            List<Completed> completed = env.getGraphQlContext().get(MUTATIONS);
            completed.add(new Completed(field.getName(), env.getField().getResultKey()));
          }
          return answer;
        }
        Object source = env.getSource();
        return source instanceof Map<?, ?> map ? map.get(field.getName()) : null;
      };
    }
  }

  private Set<String> allowedModes(FieldDefinition field, graphql.language.TypeDefinition<?> parent) {
    Set<String> modes = modesOf(field);
    if (modes.isEmpty()) {
      modes = modesOf(parent);
    }
    if (modes.isEmpty()) {
      modes = Set.of(api.defaultAuth.type());
    }
    return modes;
  }

  private static Set<String> modesOf(DirectivesContainer<?> element) {
    Set<String> modes = new LinkedHashSet<>();
    for (Directive d : element.getDirectives()) {
      String mode = MODE_OF_DIRECTIVE.get(d.getName());
      if (mode != null) {
        modes.add(mode);
      }
    }
    return modes;
  }

  private static List<String> groups(FieldDefinition field, graphql.language.TypeDefinition<?> parent) {
    List<String> groups = groupsOf(field);
    if (groups.isEmpty() && modesOf(field).isEmpty()) {
      groups = groupsOf(parent);
    }
    return groups;
  }

  private static List<String> groupsOf(DirectivesContainer<?> element) {
    List<String> groups = new ArrayList<>();
    for (Directive d : element.getDirectives()) {
      if (d.getName().equals("aws_cognito_user_pools") || d.getName().equals("aws_auth")) {
        if (d.getArgument("cognito_groups") != null && d.getArgument("cognito_groups").getValue() instanceof ArrayValue a) {
          a.getValues().forEach(v -> groups.add(((StringValue) v).getValue()));
        }
      }
    }
    return groups;
  }

  private static boolean inGroups(Caller caller, List<String> groups) {
    if (groups.isEmpty() || !caller.authMode().equals("AMAZON_COGNITO_USER_POOLS")) {
      return true;
    }
    for (JsonNode g : caller.identity().path("groups")) {
      if (groups.contains(g.asText())) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // resolvers

  /** A handler's outcome that ends the field: an error, or nothing. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    Stop() {
      super(null, null, false, false);
    }
  }

  private final class FieldRun {
    final DataFetchingEnvironment env;
    final Call call;
    final ObjectNode base;
    final List<GraphQLError> errors = new ArrayList<>();
    JsonNode stash = NODES.objectNode();

    FieldRun(DataFetchingEnvironment env, Call call) {
      this.env = env;
      this.call = call;
      this.base = NODES.objectNode();
      base.set("args", JSON.valueToTree(env.getArguments()));
      base.set("identity", call.caller().identity());
      base.set("source", env.getSource() == null ? NODES.nullNode() : JSON.valueToTree(env.getSource()));
      ObjectNode info = base.putObject("info");
      info.put("fieldName", env.getField().getName());
      info.put("parentTypeName", env.getExecutionStepInfo().getObjectType().getName());
      info.set("variables", JSON.valueToTree(env.getVariables()));
      ArrayNode list = info.putArray("selectionSetList");
      for (SelectedField f : env.getSelectionSet().getFields()) {
        list.add(f.getQualifiedName());
      }
      info.put("selectionSetGraphQL", env.getField().getSelectionSet() == null ? ""
          : AstPrinter.printAst(env.getField().getSelectionSet()));
      ObjectNode request = base.putObject("request");
      request.set("headers", call.headers());
      request.putNull("domainName");
      base.set("env", api.environmentVariables);
    }

    JsonNode run(TraceRecorder.Step step, ApiModel.Code code, String handler, JsonNode prevResult, JsonNode result,
        ObjectNode error) throws Stop {
      ObjectNode ctx = base.deepCopy();
      ctx.set("stash", stash);
      ctx.putObject("prev").set("result", prevResult);
      if (result != null) {
        ctx.set("result", result);
      }
      if (error != null) {
        ctx.set("error", error);
      }
      boolean request = "request".equals(handler);
      if (step != null) {
        if (request) {
          ObjectNode given = NODES.objectNode();
          given.set("arguments", base.get("args"));
          given.set("identity", base.get("identity"));
          given.set("source", base.get("source"));
          given.set("stash", stash);
          given.putObject("prev").set("result", prevResult);
          step.context = given;
        } else {
          ObjectNode given = NODES.objectNode();
          given.set("result", result == null ? NODES.nullNode() : result);
          given.set("error", error == null ? NODES.nullNode() : error);
          given.set("stash", stash);
          step.response = given;
        }
      }
      long handlerStarted = System.nanoTime();
      JsonNode answer;
      try {
        answer = js.run(code, handler, ctx, call.caller().authTypeName());
      } catch (RunnerUnavailableException e) {
        // An error of the field, typed, as AppSync answers when its runtime fails, not an untyped one.
        errors.add(fieldError(errorNode(e.getMessage(), RUNNER_UNAVAILABLE)));
        if (step != null) {
          step.error = errorNode(e.getMessage(), RUNNER_UNAVAILABLE).put("handler", handler);
        }
        throw new Stop();
      } finally {
        if (step != null) {
          if (request) {
            step.requestNanos += System.nanoTime() - handlerStarted;
          } else {
            step.responseNanos += System.nanoTime() - handlerStarted;
          }
        }
      }
      if (step != null) {
        answer.path("logs").forEach(line -> step.logs.add(line.asText()));
        answer.path("appended").forEach(step.appendedErrors::add);
        if (answer.hasNonNull("error")) {
          ObjectNode e = answer.get("error").deepCopy();
          e.put("handler", handler);
          e.remove("thrown");
          step.error = e;
        } else if (request) {
          step.request = answer.path("result");
          if (answer.path("earlyReturn").asBoolean()) {
            step.result = answer.path("result");
          }
        } else {
          step.result = answer.path("result");
        }
      }
      stash = answer.path("stash").isObject() ? answer.get("stash") : NODES.objectNode();
      StartedField started = env.getGraphQlContext().get(SUBSCRIPTION_START);
      if (started != null) {
        answer.path("extensions").forEach(started.extensionCalls::add);
      }
      for (JsonNode appended : answer.path("appended")) {
        errors.add(fieldError(appended));
      }
      if (answer.hasNonNull("error")) {
        JsonNode e = answer.get("error");
        if ("Code".equals(e.path("errorType").asText()) && !e.path("message").asText().isEmpty()) {
          errors.add(fieldError(errorNode("Error in " + code.logicalId() + " " + handler + ": "
              + e.path("message").asText(), "Code")));
        } else if ("Unauthorized".equals(e.path("errorType").asText())) {
          errors.add(fieldError(errorNode("Not Authorized to access " + env.getField().getName() + " on type "
              + env.getExecutionStepInfo().getObjectType().getName(), "Unauthorized")));
        } else {
          errors.add(fieldError(e));
        }
        throw new Stop();
      }
      return answer;
    }

    FieldError fieldError(JsonNode e) {
      return new FieldError(e.path("message").asText(null), e.path("errorType").isNull() ? null
          : e.path("errorType").asText(null), nullable(e.path("data")), nullable(e.path("errorInfo")),
          env.getExecutionStepInfo().getPath().toList(), List.of(env.getField().getSourceLocation()));
    }
  }

  private static JsonNode nullable(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node;
  }

  private static ObjectNode errorNode(String message, String type) {
    ObjectNode e = NODES.objectNode();
    e.put("message", message);
    e.put("errorType", type);
    return e;
  }

  private Object resolve(ApiModel.FieldResolver resolver, DataFetchingEnvironment env, Call call) {
    FieldRun run = new FieldRun(env, call);
    TraceRecorder.Step step = call.trace() == null ? null : call.trace().resolver(
        String.join("/", env.getExecutionStepInfo().getPath().toList().stream().map(String::valueOf).toList()),
        env.getExecutionStepInfo().getObjectType().getName(), resolver.isPipeline() ? "PIPELINE" : "UNIT",
        resolver.typeName() + "." + resolver.fieldName());
    JsonNode value = NODES.nullNode();
    try {
      if (resolver.isPipeline()) {
        JsonNode request = run.run(step, resolver.code(), "request", NODES.nullNode(), null, null);
        JsonNode prev = request.path("result");
        if (!request.path("earlyReturn").asBoolean()) {
          for (ApiModel.Function function : resolver.pipeline()) {
            TraceRecorder.Step f = step == null ? null : step.function(function.name());
            try {
              JsonNode functionRequest = run.run(f, function.code(), "request", prev, null, null);
              if (functionRequest.path("earlyReturn").asBoolean()) {
                prev = functionRequest.path("result");
                if ("END".equals(functionRequest.path("skipTo").asText())) {
                  break;
                }
                continue;
              }
              DynamoDbDataSource.Outcome outcome = dataSource(f, function.dataSourceName(),
                  functionRequest.path("result"));
              prev = run.run(f, function.code(), "response", prev, outcome.result(), errorOf(outcome)).path("result");
            } finally {
              if (f != null) {
                f.end();
              }
            }
          }
        }
        value = run.run(step, resolver.code(), "response", prev, prev, null).path("result");
      } else {
        JsonNode request = run.run(step, resolver.code(), "request", NODES.nullNode(), null, null);
        if (request.path("earlyReturn").asBoolean()) {
          value = request.path("result");
        } else {
          DynamoDbDataSource.Outcome outcome = dataSource(step, resolver.dataSourceName(), request.path("result"));
          value = run.run(step, resolver.code(), "response", NODES.nullNode(), outcome.result(), errorOf(outcome))
              .path("result");
        }
      }
    } catch (Stop stop) {
      value = NODES.nullNode();
    } finally {
      if (step != null) {
        step.end();
      }
    }
    return DataFetcherResult.newResult().data(value.isNull() || value.isMissingNode() ? null
        : JSON.convertValue(value, Object.class)).errors(run.errors).build();
  }

  private static ObjectNode errorOf(DynamoDbDataSource.Outcome outcome) {
    if (outcome.errorType() == null) {
      return null;
    }
    ObjectNode e = NODES.objectNode();
    e.put("message", outcome.errorMessage());
    e.put("type", outcome.errorType());
    return e;
  }

  private DynamoDbDataSource.Outcome dataSource(TraceRecorder.Step step, String name, JsonNode request) {
    if (step == null) {
      return dataSource(name, request);
    }
    ApiModel.DataSource ds = api.dataSources.get(name);
    step.dataSourceName = name;
    step.dataSourceType = ds == null ? null : ds.type();
    CALLS.set(step.dataSourceCalls);
    long started = System.nanoTime();
    try {
      DynamoDbDataSource.Outcome outcome = dataSource(name, request);
      if (ds != null && "AWS_LAMBDA".equals(ds.type()) && step.dataSourceCalls.isEmpty()) {
        ObjectNode invoked = NODES.objectNode().put("kind", "LAMBDA").put("functionArn", ds.lambdaArn());
        invoked.set("payload", request.path("payload").isMissingNode() ? NODES.nullNode() : request.get("payload"));
        invoked.set("response", outcome.result());
        if (outcome.errorType() != null) {
          invoked.putObject("error").put("type", outcome.errorType()).put("message", outcome.errorMessage());
        }
        step.dataSourceCalls.add(invoked);
      }
      return outcome;
    } finally {
      CALLS.remove();
      step.dataSourceNanos += System.nanoTime() - started;
    }
  }

  private DynamoDbDataSource.Outcome dataSource(String name, JsonNode request) {
    ApiModel.DataSource ds = api.dataSources.get(name);
    // AppSync calls a data source's service as the data source's role.
    dev.orderflow.local.gateway.Caller caller = ds.roleArn() == null ? dev.orderflow.local.gateway.Caller.USER
        : dev.orderflow.local.gateway.Caller.role(ds.roleArn(), null);
    return switch (ds.type()) {
      case "NONE" -> DynamoDbDataSource.Outcome.ok(request.path("payload").isMissingNode()
          ? NODES.nullNode() : request.get("payload"));
      case "AMAZON_DYNAMODB" -> {
        if (dynamodb == null) {
          throw new IllegalStateException("data source " + name + " (" + ds.logicalId() + ") needs a table engine:"
              + " give the endpoint one with tables(...)");
        }
        yield dynamodb.execute(caller, ds.tableName(), request);
      }
      case "HTTP" -> http.execute(caller, ds, request);
      case "AWS_LAMBDA" -> {
        if (lambda == null) {
          throw new IllegalStateException("data source " + name + " (" + ds.logicalId() + ") needs Lambda functions:"
              + " give the endpoint them with lambda(...)");
        }
        try {
          yield DynamoDbDataSource.Outcome.ok(lambda.invoke(caller, ds.lambdaArn(), request.path("payload")));
        } catch (LambdaInvoker.FunctionError e) {
          yield DynamoDbDataSource.Outcome.error(e.getMessage(), "Lambda:Unhandled");
        } catch (ServiceException e) {
          yield DynamoDbDataSource.Outcome.error(e.getMessage(), "Lambda:" + e.code());
        }
      }
      default -> throw new IllegalStateException("data source type " + ds.type());
    };
  }

  /** The executable schema, for the operations GraphiQL opens with. */
  GraphQLSchema schema() {
    return graphql.getGraphQLSchema();
  }

}
