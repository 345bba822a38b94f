package dev.orderflow.constructs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderflow.constructs.testing.StackChecks;
import dev.orderflow.constructs.testing.TemplateDefinitions;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaPrinter;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Expiration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.appsync.ApiKeyConfig;
import software.amazon.awscdk.services.appsync.AuthorizationConfig;
import software.amazon.awscdk.services.appsync.AuthorizationMode;
import software.amazon.awscdk.services.appsync.AuthorizationType;
import software.amazon.awscdk.services.appsync.UserPoolConfig;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.Role;

class OrderGraphqlApiTest implements StackChecks {

  /** What AppSync defines for every schema, and graphql-java needs declared. */
  private static final String APPSYNC_DEFINITIONS = """
      scalar AWSDateTime
      directive @aws_api_key on OBJECT | FIELD_DEFINITION
      directive @aws_iam on OBJECT | FIELD_DEFINITION
      directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
      directive @aws_oidc on OBJECT | FIELD_DEFINITION
      directive @aws_lambda on OBJECT | FIELD_DEFINITION
      directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
      """;

  private static Stack stack;
  private static Template template;
  private static Template multiModeTemplate;
  private static Template realtimeTemplate;

  @BeforeAll
  static void synthesize() {
    App app = new App();
    stack = new Stack(app, "Api");
    OrderTable table = new OrderTable(stack, "Orders");
    OrderQueue queue = new OrderQueue(stack, "Queue");
    OrderGraphqlApi api = new OrderGraphqlApi(stack, "OrderApi", OrderGraphqlApiProps.builder()
        .table(table.getTable()).queue(queue.getQueue()).build());
    Role kitchen = Role.Builder.create(stack, "Kitchen").assumedBy(new AccountRootPrincipal()).build();
    api.grantQuery(kitchen, "getAllOrders");
    template = Template.fromStack(stack);

    Stack multiMode = new Stack(new App(), "MultiModeApi");
    UserPool users = new UserPool(multiMode, "Users");
    new OrderGraphqlApi(multiMode, "OrderApi", OrderGraphqlApiProps.builder()
        .table(new OrderTable(multiMode, "Orders").getTable())
        .queue(new OrderQueue(multiMode, "Queue").getQueue())
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder()
                .authorizationType(AuthorizationType.USER_POOL)
                .userPoolConfig(UserPoolConfig.builder().userPool(users).build())
                .build())
            .additionalAuthorizationModes(List.of(
                AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build(),
                AuthorizationMode.builder()
                    .authorizationType(AuthorizationType.API_KEY)
                    .apiKeyConfig(ApiKeyConfig.builder()
                        .expires(Expiration.atDate(java.time.Instant.parse("2027-01-01T00:00:00Z")))
                        .build())
                    .build()))
            .build())
        .build());
    multiModeTemplate = Template.fromStack(multiMode);

    // The docs show the API as the example serves it: an API key, IAM, and the real-time parts.
    Stack realtime = new Stack(new App(), "RealtimeApi");
    new OrderGraphqlApi(realtime, "OrderApi", OrderGraphqlApiProps.builder()
        .table(new OrderTable(realtime, "Orders").getTable())
        .queue(new OrderQueue(realtime, "Queue").getQueue())
        .realtime(true)
        .authorization(AuthorizationConfig.builder()
            .defaultAuthorization(AuthorizationMode.builder().authorizationType(AuthorizationType.API_KEY).build())
            .additionalAuthorizationModes(List.of(
                AuthorizationMode.builder().authorizationType(AuthorizationType.IAM).build()))
            .build())
        .build());
    realtimeTemplate = Template.fromStack(realtime);
  }

  private static String synthesizedSchema(Template t) {
    return (String) TemplateDefinitions.onlyResource(t.toJSON(), "AWS::AppSync::GraphQLSchema").getValue().get("Definition");
  }

  private static GraphQLSchema parse(String schema) {
    return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(APPSYNC_DEFINITIONS + schema));
  }

  private static List<ValidationError> validate(GraphQLSchema schema, String operations) {
    Document document = Parser.parse(operations);
    return new Validator().validateDocument(schema, document, Locale.ENGLISH);
  }

  /** The project's root, above this module: the docs are checked against what the code serves. */
  private static final Path REPOSITORY = Path.of("..");

  /** The contents of the Markdown code blocks fenced with {@code language}, in order. */
  private static List<String> fencedBlocks(String markdown, String language) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```").matcher(markdown);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  @Override
  public Stack checkedStack() {
    return stack;
  }

  @Test
  void servesASchemaThatParsesAndValidates() {
    GraphQLSchema schema = parse(synthesizedSchema(template));

    assertThat(schema.getQueryType().getFieldDefinitions()).extracting("name")
        .containsExactly("getAllOrders", "getSingleOrder");
    assertThat(schema.getMutationType().getFieldDefinitions()).extracting("name")
        .containsExactly("postOrder", "updateOrder", "deleteOrder");
  }

  @Test
  void acceptsTheOperationsOfTheReferenceTutorial() throws IOException {
    String operations;
    try (InputStream in = getClass().getResourceAsStream("/graphql/reference-operations.graphql")) {
      operations = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(validate(parse(synthesizedSchema(template)), operations)).isEmpty();
  }

  @Test
  void servesExactlyTheSchemaTheApiDocsShow() throws IOException {
    String documented = fencedBlocks(Files.readString(REPOSITORY.resolve("docs/api.md")), "graphql").get(0);

    assertThat(withoutDescriptions(parse(documented)))
        .isEqualTo(withoutDescriptions(parse(synthesizedSchema(realtimeTemplate))));
  }

  /** The schema as SDL, every type and field in a fixed order, without the descriptions the docs leave out. */
  private static String withoutDescriptions(GraphQLSchema schema) {
    return new SchemaPrinter().print(schema)
        // The docs leave out the auth directives, which follow from the API's modes, but keep
        // @aws_iam on publishOrderUpdate and @aws_subscribe, which matter to a reader.
        .replaceAll(" @aws_(api_key|cognito_user_pools|oidc|lambda)", "")
        .replaceAll("(?m)^(type \\w+) @aws_iam", "$1")
        .replaceAll("(?s)\"\"\".*?\"\"\"\\s*", "")
        .replaceAll("(?m)^\\s*\".*\"\\s*\\n", "")
        .replaceAll("\\n\\s*\\n", "\n");
  }

  @Test
  void acceptsEveryOperationTheDocsAndTheExampleShow() throws IOException {
    List<String> operations = new ArrayList<>();
    List<String> apiDocBlocks = fencedBlocks(Files.readString(REPOSITORY.resolve("docs/api.md")), "graphql");
    operations.addAll(apiDocBlocks.subList(1, apiDocBlocks.size()));
    // The example's walkthrough sends each operation as the "query" string of a JSON body.
    Matcher queries = Pattern.compile("\"query\": \"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(Files.readString(REPOSITORY.resolve("examples/pizza-orders/README.md")));
    int fromExample = 0;
    while (queries.find()) {
      operations.add(queries.group(1).replace("\\\"", "\""));
      fromExample++;
    }
    GraphQLSchema schema = parse(synthesizedSchema(realtimeTemplate));

    assertThat(fromExample).as("operations in the example's README").isGreaterThanOrEqualTo(3);
    TreeSet<String> rootFields = new TreeSet<>();
    for (String operation : operations) {
      assertThat(validate(schema, operation)).as(operation).isEmpty();
      Parser.parse(operation).getDefinitionsOfType(OperationDefinition.class).forEach(definition ->
          definition.getSelectionSet().getSelectionsOfType(Field.class).forEach(f -> rootFields.add(f.getName())));
    }
    assertThat(rootFields).containsExactly("deleteOrder", "getAllOrders", "getSingleOrder", "onOrderUpdated", "postOrder",
        "updateOrder");
  }

  @Test
  void refusesAnOrderWithoutARestaurantBeforeAnyResolverRuns() {
    List<ValidationError> errors = validate(parse(synthesizedSchema(template)),
        "mutation { postOrder(input: {name: \"Pizza\", quantity: 6}) { id } }");

    assertThat(errors).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("restaurantId"));
  }

  @Test
  void usesAnApiKeyByDefaultWithNoAuthDirectives() {
    template.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "API_KEY",
        "XrayEnabled", true,
        "LogConfig", Match.objectLike(Map.of("FieldLogLevel", "ERROR", "ExcludeVerboseContent", true)),
        "EnvironmentVariables", Match.objectLike(Map.of("MAX_QUANTITY", "100", "BY_CUSTOMER_INDEX", "byCustomer",
            "ORDERS_TABLE", Map.of("Ref", Match.stringLikeRegexp("^OrdersTable"))))));
    template.resourceCountIs("AWS::AppSync::ApiKey", 1);
    assertThat(synthesizedSchema(template)).doesNotContain("@aws_").doesNotContain("{{AUTH}}");
  }

  @Test
  void opensEveryOperationToEachOfSeveralAuthorizationModes() {
    multiModeTemplate.hasResourceProperties("AWS::AppSync::GraphQLApi", Map.of(
        "AuthenticationType", "AMAZON_COGNITO_USER_POOLS",
        "AdditionalAuthenticationProviders", List.of(
            Map.of("AuthenticationType", "AWS_IAM"),
            Map.of("AuthenticationType", "API_KEY"))));
    multiModeTemplate.hasResourceProperties("AWS::AppSync::ApiKey", Map.of("Expires", 1798761600));
    String schema = synthesizedSchema(multiModeTemplate);
    for (String type : List.of("Order", "OrderConnection", "Query", "Mutation")) {
      assertThat(schema).contains("type " + type + " @aws_cognito_user_pools @aws_iam @aws_api_key {");
    }
    assertThat(parse(schema).getQueryType().getFieldDefinitions()).hasSize(2);
  }

  @Test
  void sendsOrdersToSqsThroughASignedHttpDataSource() {
    template.hasResourceProperties("AWS::AppSync::DataSource", Map.of(
        "Type", "HTTP",
        "HttpConfig", Map.of(
            "Endpoint", Match.anyValue(),
            "AuthorizationConfig", Map.of(
                "AuthorizationType", "AWS_IAM",
                "AwsIamConfig", Map.of("SigningRegion", Map.of("Ref", "AWS::Region"), "SigningServiceName", "sqs")))));
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
            "Resource", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^Queue"), "Arn"))))))),
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^OrderApiOrdersQueueServiceRole")))));
  }

  @Test
  void theTableDataSourceMayReadAndChangeOrDeleteOneOrderButNeverPutOrBatchWrite() {
    List<String> actions = new ArrayList<>();
    template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
      Map<?, ?> properties = (Map<?, ?>) policy.get("Properties");
      if (String.valueOf(properties.get("Roles")).contains("OrderApiOrdersTableServiceRole")) {
        for (Object statement : (List<?>) ((Map<?, ?>) properties.get("PolicyDocument")).get("Statement")) {
          Object action = ((Map<?, ?>) statement).get("Action");
          if (action instanceof List<?> list) {
            list.forEach(a -> actions.add(String.valueOf(a)));
          } else {
            actions.add(String.valueOf(action));
          }
        }
      }
    });

    assertThat(actions).contains("dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:UpdateItem",
        "dynamodb:DeleteItem");
    assertThat(actions).doesNotContain("dynamodb:PutItem", "dynamodb:BatchWriteItem");
  }

  @Test
  void resolvesEveryOperationWithAnAppSyncJsPipelineAndNoLambda() {
    for (String field : List.of("postOrder", "updateOrder", "deleteOrder", "getAllOrders", "getSingleOrder")) {
      template.hasResourceProperties("AWS::AppSync::Resolver", Map.of(
          "FieldName", field,
          "Kind", "PIPELINE",
          "Runtime", Map.of("Name", "APPSYNC_JS", "RuntimeVersion", "1.0.0")));
    }
    template.resourceCountIs("AWS::AppSync::Resolver", 5);
    template.resourceCountIs("AWS::AppSync::FunctionConfiguration", 10);
    // Not even a helper: the log retention is set on the log group itself.
    template.resourceCountIs("AWS::Lambda::Function", 0);
    template.resourcePropertiesCountIs("AWS::AppSync::DataSource", Map.of("Type", "AWS_LAMBDA"), 0);
  }

  @Test
  void validatesOrderInputBeforeSendingOrUpdating() {
    Map<String, Map<String, Object>> functions = template.findResources("AWS::AppSync::FunctionConfiguration",
        Map.of("Properties", Map.of("Name", "ValidateOrderInput")));
    String validateId = functions.keySet().iterator().next();
    for (String field : List.of("postOrder", "updateOrder")) {
      template.hasResourceProperties("AWS::AppSync::Resolver", Map.of(
          "FieldName", field,
          "PipelineConfig", Map.of("Functions", Match.arrayWith(List.of(
              Map.of("Fn::GetAtt", List.of(validateId, "FunctionId")))))));
    }
  }

  @Test
  void writesTheOrderBeforeQueueingItAndForgetsItWhenItCannotBeQueued() {
    assertThat(pipeline("postOrder"))
        .containsExactly("ValidateOrderInput", "RecordOrder", "SendOrder", "ForgetUnqueuedOrder");
    assertThat(dataSourceOf("RecordOrder")).isEqualTo(dataSourceOf("ForgetUnqueuedOrder")).isEqualTo(dataSourceOf("GetOrder"));
    assertThat(dataSourceOf("SendOrder")).isNotEqualTo(dataSourceOf("RecordOrder"));
  }

  @Test
  void explainsARefusedUpdateFromTheTable() {
    assertThat(pipeline("updateOrder")).containsExactly("ValidateOrderInput", "UpdateOrder", "ExplainRefusal");
    assertThat(dataSourceOf("ExplainRefusal")).isEqualTo(dataSourceOf("UpdateOrder"));
  }

  @Test
  void listsOrdersAsIdsFromTheIndexThenReadsThemFromTheTableInOneBatch() {
    assertThat(pipeline("getAllOrders")).containsExactly("ListOrderKeys", "ReadOrders");
    assertThat(dataSourceOf("ListOrderKeys")).isEqualTo(dataSourceOf("ReadOrders")).isEqualTo(dataSourceOf("GetOrder"));
    // BatchGetItem is granted on this table alone, not on any other.
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Action", Match.arrayWith(List.of("dynamodb:BatchGetItem")),
            "Resource", List.of(
                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^OrdersTable"), "Arn")),
                Map.of("Fn::Join", List.of("", List.of(
                    Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^OrdersTable"), "Arn")), "/index/*"))))))))),
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^OrderApiOrdersTableServiceRole")))));
  }

  /** The names of the functions of a field's pipeline, in order. */
  @SuppressWarnings("unchecked")
  private static List<String> pipeline(String field) {
    Map<String, Map<String, Object>> resolvers = template.findResources("AWS::AppSync::Resolver",
        Map.of("Properties", Map.of("FieldName", field)));
    Map<String, Object> properties = (Map<String, Object>) resolvers.values().iterator().next().get("Properties");
    List<Map<String, Object>> functions =
        (List<Map<String, Object>>) ((Map<String, Object>) properties.get("PipelineConfig")).get("Functions");
    Map<String, Map<String, Object>> all = template.findResources("AWS::AppSync::FunctionConfiguration");
    List<String> names = new ArrayList<>();
    for (Map<String, Object> function : functions) {
      String logicalId = (String) ((List<Object>) function.get("Fn::GetAtt")).get(0);
      names.add((String) ((Map<String, Object>) all.get(logicalId).get("Properties")).get("Name"));
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  private static Object dataSourceOf(String functionName) {
    Map<String, Map<String, Object>> functions = template.findResources("AWS::AppSync::FunctionConfiguration",
        Map.of("Properties", Map.of("Name", functionName)));
    return ((Map<String, Object>) functions.values().iterator().next().get("Properties")).get("DataSourceName");
  }

  @Test
  void keepsTheApiLogsForAMonth() {
    template.hasResourceProperties("AWS::Logs::LogGroup", Map.of(
        "LogGroupName", Map.of("Fn::Join", List.of("", List.of("/aws/appsync/apis/",
            Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("^OrderApi[0-9A-F]{8}$"), "ApiId"))))),
        "RetentionInDays", 30));
  }

  @Test
  void letsAnIamCallerInOnlyToTheFieldsGranted() {
    template.hasResourceProperties("AWS::IAM::Policy", Map.of(
        "PolicyDocument", Map.of("Statement", List.of(Map.of(
            "Action", "appsync:GraphQL",
            "Effect", "Allow",
            "Resource", Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("/types/Query/fields/getAllOrders"))))))),
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("^Kitchen")))));
  }

  @Test
  void rejectsAMaximumQuantityOfZero() {
    Stack scratch = new Stack();
    assertThatThrownBy(() -> OrderGraphqlApiProps.builder()
            .table(new OrderTable(scratch, "T").getTable())
            .queue(new OrderQueue(scratch, "Q").getQueue())
            .maxQuantity(0)
            .build())
        .hasMessage("maxQuantity must be from 1 to 10000, but 0 was provided");
  }
}
