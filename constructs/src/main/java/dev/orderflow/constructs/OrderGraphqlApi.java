package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Authorization;
import dev.orderflow.constructs.internal.ClasspathResources;
import dev.orderflow.constructs.internal.Encryption;
import dev.orderflow.constructs.internal.Metrics;
import dev.orderflow.constructs.internal.Nag;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.appsync.AppsyncFunction;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.AwsIamConfig;
import software.amazon.awscdk.services.appsync.BaseDataSource;
import software.amazon.awscdk.services.appsync.CfnApiKey;
import software.amazon.awscdk.services.appsync.CfnGraphQLApi;
import software.amazon.awscdk.services.appsync.Code;
import software.amazon.awscdk.services.appsync.Definition;
import software.amazon.awscdk.services.appsync.DynamoDbDataSource;
import software.amazon.awscdk.services.appsync.ExtendedResolverProps;
import software.amazon.awscdk.services.appsync.FunctionRuntime;
import software.amazon.awscdk.services.appsync.GraphqlApi;
import software.amazon.awscdk.services.appsync.HttpDataSource;
import software.amazon.awscdk.services.appsync.HttpDataSourceOptions;
import software.amazon.awscdk.services.appsync.IGraphqlApi;
import software.amazon.awscdk.services.appsync.NoneDataSource;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.wafv2.CfnWebACLAssociation;
import software.constructs.Construct;

/**
 * The GraphQL order API on AppSync, with no Lambda resolvers: {@code postOrder} writes the order to
 * the orders table as PENDING (so its owner reads it at once) and then sends its id to the orders
 * queue through an HTTP data source signed for SQS; the queries, {@code updateOrder} (PENDING
 * orders only) and {@code deleteOrder} read and write the orders table directly ({@code getAllOrders}
 * queries the {@code byCustomer} index for a page of ids, then reads those orders in one
 * BatchGetItem). Every
 * operation is a pipeline resolver in APPSYNC_JS whose first step establishes the caller, so a
 * caller sees and changes only its own orders.
 */
public class OrderGraphqlApi extends Construct {

  private static final String RESOURCES = "graphql/";

  private final GraphqlApi api;
  private final DynamoDbDataSource tableDataSource;
  private final HttpDataSource queueDataSource;
  private final NoneDataSource validationDataSource;
  private final ILogGroup logGroup;
  private final boolean realtime;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderGraphqlApi(Construct scope, String id, OrderGraphqlApiProps props) {
    super(scope, id);
    Stack stack = Stack.of(this);
    AuthorizationConfig authorization = props.authorization().orElseGet(() -> AuthorizationConfig.builder()
        .defaultAuthorization(AuthorizationMode.builder().authorizationType(AuthorizationType.API_KEY).build())
        .build());

    Role logRole = Role.Builder.create(this, "LogRole")
        .assumedBy(new ServicePrincipal("appsync.amazonaws.com"))
        .description("Lets AppSync write the order API's log group")
        .build();
    this.api = GraphqlApi.Builder.create(this, "Api")
        .name(props.apiName())
        .definition(Definition.fromFile(ClasspathResources.toTemporaryFile("schema.graphql",
            schema(authorization, props.realtime()).getBytes(StandardCharsets.UTF_8)).toString()))
        .authorizationConfig(authorization)
        .xrayEnabled(true)
        .queryDepthLimit(props.queryDepthLimit())
        .resolverCountLimit(props.resolverCountLimit())
        // Sorted, so the template is the same from one synth to the next.
        .environmentVariables(new TreeMap<>(Map.of(
            "ORDERS_QUEUE_URL", props.queue().getQueueUrl(),
            "MAX_QUANTITY", Integer.toString(props.maxQuantity()),
            "BY_CUSTOMER_INDEX", OrderTable.BY_CUSTOMER_INDEX,
            "ORDERS_TABLE", props.table().getTableName())))
        .build();
    // Logging is set on the L1 resource: the L2 logConfig adds a custom resource, backed by a
    // Lambda function, to set the retention, which the log group created below sets itself.
    ((CfnGraphQLApi) api.getNode().getDefaultChild()).setLogConfig(CfnGraphQLApi.LogConfigProperty.builder()
        .cloudWatchLogsRoleArn(logRole.getRoleArn())
        .fieldLogLevel(props.fieldLogLevel().name())
        .excludeVerboseContent(true)
        .build());
    Validations.of(api).acknowledge(Acknowledgment.builder()
        .id("AwsSolutions-ASC3")
        .reason("Requests are logged at the chosen field log level; verbose content stays off because it"
            + " would write request headers (API keys, tokens) and customers' orders to the logs")
        .build());
    // AppSync writes to this group by name; creating it here gives it a retention.
    LogGroup.Builder logGroupBuilder = LogGroup.Builder.create(this, "LogGroup")
        .logGroupName("/aws/appsync/apis/" + api.getApiId())
        .retention(props.logRetention());
    props.encryptionKey().ifPresent(key -> {
      Encryption.allowLogs(this, key);
      logGroupBuilder.encryptionKey(key);
    });
    this.logGroup = logGroupBuilder.build();
    logGroup.grantWrite(logRole);
    props.webAclArn().ifPresent(webAclArn -> CfnWebACLAssociation.Builder.create(this, "WebAclAssociation")
        .resourceArn(api.getArn())
        .webAclArn(webAclArn)
        .build());

    // Least privilege: the resolvers read (GetItem, Query on the index, BatchGetItem) and change or
    // delete one order at a time (UpdateItem, DeleteItem); they never put, batch-write or scan.
    // The data source grants itself reads (Scan among them: CDK's read grant is one set); the two
    // writes are granted here, with what a customer-managed table key needs for them.
    this.tableDataSource = DynamoDbDataSource.Builder.create(api, "OrdersTable")
        .api(api)
        .table(props.table())
        .readOnlyAccess(true)
        .build();
    props.table().grant(tableDataSource, "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    if (props.table().getEncryptionKey() != null) {
      props.table().getEncryptionKey().grant(tableDataSource, "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*");
    }
    this.queueDataSource = api.addHttpDataSource("OrdersQueue",
        "https://sqs." + stack.getRegion() + "." + stack.getUrlSuffix(),
        HttpDataSourceOptions.builder()
            .authorizationConfig(AwsIamConfig.builder()
                .signingRegion(stack.getRegion())
                .signingServiceName("sqs")
                .build())
            .build());
    props.queue().grantSendMessages(queueDataSource);
    this.validationDataSource = api.addNoneDataSource("Validation");

    AppsyncFunction validate = function("ValidateOrderInput", "validateOrderInput", validationDataSource);
    resolver("Mutation", "postOrder", validate,
        function("RecordOrder", "recordOrder", tableDataSource),
        function("SendOrder", "postOrder", queueDataSource),
        function("ForgetUnqueuedOrder", "forgetUnqueuedOrder", tableDataSource));
    // The index projects keys only: a page of ids from the index, then their orders from the table.
    resolver("Query", "getAllOrders", function("ListOrderKeys", "listOrderKeys", tableDataSource),
        function("ReadOrders", "readOrders", tableDataSource));
    resolver("Query", "getSingleOrder", function("GetOrder", "getSingleOrder", tableDataSource));
    resolver("Mutation", "updateOrder", validate, function("UpdateOrder", "updateOrder", tableDataSource),
        function("ExplainRefusal", "explainRefusal", tableDataSource));
    resolver("Mutation", "deleteOrder", function("DeleteOrder", "deleteOrder", tableDataSource));
    this.realtime = props.realtime();
    if (realtime) {
      // Neither step reads or writes anything: publishing answers the event's order, which fires
      // the subscription; subscribing only sets the subscriber's filter.
      NoneDataSource updates = api.addNoneDataSource("OrderUpdates");
      resolver("Mutation", "publishOrderUpdate", function("PublishOrderUpdate", "publishOrderUpdate", updates));
      resolver("Subscription", "onOrderUpdated", function("SubscribeToOrders", "onOrderUpdated", updates));
    }

    Validations.of(tableDataSource).acknowledge(Acknowledgment.builder()
        .id("AwsSolutions-IAM5[Resource::" + Nag.resource(this, props.table().getTableArn()) + "/index/*]")
        .reason("getAllOrders queries the table's byCustomer index; the grant covers the indexes of this one table")
        .build());
  }

  private AppsyncFunction function(String id, String codeName, BaseDataSource dataSource) {
    return AppsyncFunction.Builder.create(this, id)
        .api(api)
        .name(id)
        .dataSource(dataSource)
        .runtime(FunctionRuntime.JS_1_0_0)
        .code(code(codeName))
        .build();
  }

  private void resolver(String typeName, String fieldName, AppsyncFunction... steps) {
    api.createResolver(typeName + Character.toUpperCase(fieldName.charAt(0)) + fieldName.substring(1) + "Resolver",
        ExtendedResolverProps.builder()
            .typeName(typeName)
            .fieldName(fieldName)
            .runtime(FunctionRuntime.JS_1_0_0)
            .code(code("caller"))
            .pipelineConfig(List.of(steps))
            .build());
  }

  private static Code code(String name) {
    return Code.fromInline(ClasspathResources.text(OrderGraphqlApi.class, RESOURCES + name + ".js"));
  }

  /** The schema, with the directives of every authorization mode when there is more than one. */
  static String schema(AuthorizationConfig authorization) {
    return schema(authorization, false);
  }

  /**
   * The schema, with the directives of every authorization mode when there is more than one, and
   * the real-time parts when {@code realtime}.
   */
  static String schema(AuthorizationConfig authorization, boolean realtime) {
    List<AuthorizationMode> modes = Authorization.modes(authorization);
    Set<String> directives = new LinkedHashSet<>();
    for (AuthorizationMode mode : modes) {
      directives.add(switch (mode.getAuthorizationType()) {
        case API_KEY -> "@aws_api_key";
        case IAM -> "@aws_iam";
        case USER_POOL -> "@aws_cognito_user_pools";
        case OIDC -> "@aws_oidc";
        case LAMBDA -> "@aws_lambda";
      });
    }
    String template = ClasspathResources.text(OrderGraphqlApi.class, RESOURCES + "schema.graphql")
        .replace("{{PUBLISH}}", realtime ? ClasspathResources.text(OrderGraphqlApi.class, RESOURCES + "publish-mutation.graphql") : "")
        .replace("{{REALTIME}}", realtime ? ClasspathResources.text(OrderGraphqlApi.class, RESOURCES + "schema-realtime.graphql") : "");
    return template.replace("{{AUTH}} ", directives.size() > 1 ? String.join(" ", directives) + " " : "");
  }

  /** Lets an IAM principal call the given queries, or all of them. */
  public Grant grantQuery(IGrantable grantee, String... fields) {
    return api.grantQuery(grantee, fields);
  }

  /** Lets an IAM principal call the given mutations, or all of them. */
  public Grant grantMutation(IGrantable grantee, String... fields) {
    return api.grantMutation(grantee, fields);
  }

  /**
   * Lets an IAM principal call {@code publishOrderUpdate}, and nothing else, which fires the
   * subscription {@code onOrderUpdated}.
   *
   * @throws IllegalStateException when the API was built without {@code realtime}
   */
  public Grant grantPublishOrderUpdate(IGrantable grantee) {
    if (!realtime) {
      throw new IllegalStateException("publishOrderUpdate exists only when realtime is true, but "
          + getNode().getPath() + " was built with realtime false");
    }
    return api.grantMutation(grantee, "publishOrderUpdate");
  }

  /** Whether the API has the subscription {@code onOrderUpdated} and {@code publishOrderUpdate}. */
  public boolean isRealtime() {
    return realtime;
  }

  /** The AppSync API. */
  public IGraphqlApi getApi() {
    return api;
  }

  /** The GraphQL endpoint URL. */
  public String getGraphqlUrl() {
    return api.getGraphqlUrl();
  }

  /**
   * The id of the API key (not the secret), when the API has API key authorization; else null.
   * {@code aws appsync list-api-keys} shows the key for it.
   */
  public String getApiKeyId() {
    return api.getNode().tryFindChild("DefaultApiKey") instanceof CfnApiKey key ? key.getAttrApiKeyId() : null;
  }

  /** The API key, when the API has API key authorization. */
  public String getApiKey() {
    return api.getApiKey();
  }

  /** The data source of the queries and mutations that read and write the orders table. */
  public DynamoDbDataSource getTableDataSource() {
    return tableDataSource;
  }

  /** The data source that queues {@code postOrder}'s orders: an HTTP data source that calls SQS, signed for {@code sqs}. */
  public HttpDataSource getQueueDataSource() {
    return queueDataSource;
  }

  /** The API's log group, {@code /aws/appsync/apis/<api id>}. */
  public ILogGroup getLogGroup() {
    return logGroup;
  }

  /** Requests that failed with a server error (HTTP 5XX). */
  public Metric metricServerErrors(MetricOptions options) {
    return apiMetric("5XXError", "Sum", options);
  }

  /** Request latency in milliseconds; the 99th percentile unless the options say otherwise. */
  public Metric metricLatency(MetricOptions options) {
    return apiMetric("Latency", "p99", options);
  }

  private Metric apiMetric(String name, String defaultStatistic, MetricOptions options) {
    return Metrics.metric("AWS/AppSync", name, Map.of("GraphQLAPIId", api.getApiId()), defaultStatistic, options);
  }
}
