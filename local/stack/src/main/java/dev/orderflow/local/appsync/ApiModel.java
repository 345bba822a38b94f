package dev.orderflow.local.appsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.ReferenceRegistry;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.TemplateResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the template says about one AppSync API: schema, auth, data sources, functions, resolvers, keys. */
final class ApiModel {

  static final String API = "AWS::AppSync::GraphQLApi";
  static final String SCHEMA = "AWS::AppSync::GraphQLSchema";
  static final String DATA_SOURCE = "AWS::AppSync::DataSource";
  static final String FUNCTION = "AWS::AppSync::FunctionConfiguration";
  static final String RESOLVER = "AWS::AppSync::Resolver";
  static final String API_KEY = "AWS::AppSync::ApiKey";

  /** An authorization mode of the API, as AppSync names it (API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS, ...). */
  record AuthMode(String type, JsonNode config) {
  }

  /**
   * A data source; an HTTP one that AppSync signs has its signing region and service (from
   * {@code HttpConfig.AuthorizationConfig.AwsIamConfig}), null otherwise.
   */
  record DataSource(String logicalId, String name, String type, String tableName, String httpEndpoint,
      String lambdaArn, String roleArn, String signingRegion, String signingService) {
  }

  record Code(String logicalId, String moduleId, String source) {
  }

  record Function(String logicalId, String functionId, String name, String dataSourceName, Code code) {
  }

  record FieldResolver(String logicalId, String typeName, String fieldName, String kind, String dataSourceName,
      List<Function> pipeline, Code code) {

    boolean isPipeline() {
      return "PIPELINE".equals(kind);
    }
  }

  record ApiKey(String logicalId, String key, Instant expires) {
  }

  final String logicalId;
  final String apiId;
  final String name;
  final AuthMode defaultAuth;
  final List<AuthMode> additionalAuth;
  final ObjectNode environmentVariables;
  final String schema;
  final Map<String, DataSource> dataSources = new LinkedHashMap<>();
  final Map<String, FieldResolver> resolvers = new LinkedHashMap<>();
  final List<ApiKey> apiKeys = new ArrayList<>();
  /** {@code QueryDepthLimit}: the deepest a query may nest; 0, AppSync's default, for no limit. */
  int queryDepthLimit;
  /** {@code ResolverCountLimit}: how many resolvers one request may run; 0 for AppSync's own 10,000. */
  int resolverCountLimit;

  private ApiModel(String logicalId, String apiId, String name, AuthMode defaultAuth, List<AuthMode> additionalAuth,
      ObjectNode environmentVariables, String schema) {
    this.logicalId = logicalId;
    this.apiId = apiId;
    this.name = name;
    this.defaultAuth = defaultAuth;
    this.additionalAuth = additionalAuth;
    this.environmentVariables = environmentVariables;
    this.schema = schema;
  }

  /** The API's modes, the default one first. */
  List<AuthMode> authModes() {
    List<AuthMode> all = new ArrayList<>();
    all.add(defaultAuth);
    all.addAll(additionalAuth);
    return all;
  }

  Optional<AuthMode> authMode(String type) {
    return authModes().stream().filter(mode -> mode.type().equals(type)).findFirst();
  }

  /** The logical id of the one API in the template, or of the one asked for. */
  static String chooseApi(TemplateResolver resolver, String wanted) {
    List<String> apis = new ArrayList<>();
    for (Resource r : resolver.createdResources()) {
      if (API.equals(r.type())) {
        apis.add(r.logicalId());
      }
    }
    if (wanted != null) {
      if (!apis.contains(wanted)) {
        throw new AssemblyException("stack " + resolver.template().stackName() + " has no " + API + " '" + wanted
            + "'; its APIs are " + apis);
      }
      return wanted;
    }
    if (apis.size() != 1) {
      throw new AssemblyException("stack " + resolver.template().stackName() + " has " + apis.size() + " resources of type "
          + API + (apis.isEmpty() ? "" : " " + apis) + "; name the one to serve with apiLogicalId(...)");
    }
    return apis.get(0);
  }

  /**
   * Registers what the API's resources give to Ref and Fn::GetAtt, then reads them.
   *
   * @param graphqlUrl the local endpoint's URL, which the API's GraphQLUrl attribute gives
   */
  static ApiModel read(TemplateResolver resolver, ReferenceRegistry registry, String apiLogicalId, String graphqlUrl,
      Instant now) {
    AwsEnvironment env = resolver.environment();
    String stack = resolver.template().stackName();
    String apiId = token(stack + "/" + apiLogicalId, 26);
    String apiArn = env.arn("appsync", "apis/" + apiId);
    if (!registry.isRegistered(apiLogicalId)) {
      registry.register(apiLogicalId, apiArn, Map.of(
          "ApiId", apiId,
          "Arn", apiArn,
          "GraphQLUrl", graphqlUrl,
          "GraphQLDns", graphqlUrl.replaceFirst("^https?://", "").replaceFirst("/.*$", ""),
          "GraphQLEndpointArn", apiArn,
          "RealtimeUrl", graphqlUrl.replaceFirst("^http", "ws"),
          "RealtimeDns", graphqlUrl.replaceFirst("^https?://", "").replaceFirst("/.*$", "")));
    }
    List<Resource> own = new ArrayList<>();
    for (Resource r : resolver.createdResources()) {
      if (r.type().startsWith("AWS::AppSync::") && !API.equals(r.type())
          && apiId.equals(resolver.resolve(r.logicalId(), "ApiId", r.property("ApiId")).asText())) {
        own.add(r);
        registerPart(registry, env, apiId, r, stack);
      }
    }

    ObjectNode api = resolver.properties(apiLogicalId);
    String name = api.path("Name").asText(apiLogicalId);
    AuthMode defaultAuth = new AuthMode(text(api, apiLogicalId, "AuthenticationType"), api);
    List<AuthMode> additional = new ArrayList<>();
    for (JsonNode provider : api.path("AdditionalAuthenticationProviders")) {
      additional.add(new AuthMode(provider.path("AuthenticationType").asText(), provider));
    }
    for (AuthMode mode : additional.isEmpty() ? List.of(defaultAuth) : concat(defaultAuth, additional)) {
      if (!List.of("API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT").contains(mode.type())) {
        throw new AssemblyException(apiLogicalId + ".AuthenticationType: '" + mode.type()
            + "' is not supported locally; supported are API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS and OPENID_CONNECT");
      }
    }
    ObjectNode variables = api.path("EnvironmentVariables").isObject()
        ? (ObjectNode) api.get("EnvironmentVariables") : JsonNodeFactory.instance.objectNode();

    String schema = null;
    for (Resource r : own) {
      if (SCHEMA.equals(r.type())) {
        schema = r.hasProperty("Definition")
            ? resolver.property(r.logicalId(), "Definition").asText()
            : read(resolver.asset(r.logicalId(), "DefinitionS3Location"));
      }
    }
    if (schema == null) {
      throw new AssemblyException("API " + apiLogicalId + " has no " + SCHEMA + " in stack " + stack);
    }
    ApiModel model = new ApiModel(apiLogicalId, apiId, name, defaultAuth, additional, variables, schema);
    model.queryDepthLimit = limit(api, apiLogicalId, "QueryDepthLimit", 75);
    model.resolverCountLimit = limit(api, apiLogicalId, "ResolverCountLimit", 10_000);

    Map<String, Function> functionsById = new LinkedHashMap<>();
    for (Resource r : own) {
      switch (r.type()) {
        case DATA_SOURCE -> {
          ObjectNode p = resolver.properties(r.logicalId());
          String type = text(p, r.logicalId(), "Type");
          if (!List.of("AMAZON_DYNAMODB", "HTTP", "AWS_LAMBDA", "NONE").contains(type)) {
            throw new AssemblyException(r.logicalId() + ".Type: data sources of type '" + type
                + "' are not supported locally; supported are AMAZON_DYNAMODB, HTTP, AWS_LAMBDA and NONE");
          }
          model.dataSources.put(p.path("Name").asText(), new DataSource(r.logicalId(), p.path("Name").asText(), type,
              p.path("DynamoDBConfig").path("TableName").asText(null),
              p.path("HttpConfig").path("Endpoint").asText(null),
              p.path("LambdaConfig").path("LambdaFunctionArn").asText(null), p.path("ServiceRoleArn").asText(null),
              p.path("HttpConfig").path("AuthorizationConfig").path("AwsIamConfig").path("SigningRegion").asText(null),
              p.path("HttpConfig").path("AuthorizationConfig").path("AwsIamConfig").path("SigningServiceName")
                  .asText(null)));
        }
        case FUNCTION -> {
          ObjectNode p = resolver.properties(r.logicalId());
          String functionId = registry.getAtt(r.logicalId(), "FunctionId").map(Object::toString).orElseThrow();
          functionsById.put(functionId, new Function(r.logicalId(), functionId, p.path("Name").asText(r.logicalId()),
              text(p, r.logicalId(), "DataSourceName"), code(resolver, r.logicalId(), p)));
        }
        case API_KEY -> {
          String key = registry.getAtt(r.logicalId(), "ApiKey").map(Object::toString).orElseThrow();
          JsonNode expires = resolver.properties(r.logicalId()).path("Expires");
          // AppSync's default: a key lasts seven days from its creation.
          Instant expiry = expires.isMissingNode() || expires.isNull()
              ? now.plusSeconds(7L * 24 * 3600) : Instant.ofEpochSecond(expires.asLong());
          model.apiKeys.add(new ApiKey(r.logicalId(), key, expiry));
        }
        default -> {
        }
      }
    }
    for (Resource r : own) {
      if (RESOLVER.equals(r.type())) {
        ObjectNode p = resolver.properties(r.logicalId());
        String kind = p.path("Kind").asText("UNIT");
        List<Function> pipeline = new ArrayList<>();
        for (JsonNode id : p.path("PipelineConfig").path("Functions")) {
          Function f = functionsById.get(id.asText());
          if (f == null) {
            throw new AssemblyException(r.logicalId() + ".PipelineConfig.Functions: '" + id.asText()
                + "' is not a function of API " + apiLogicalId + "; its functions are " + functionsById.keySet());
          }
          pipeline.add(f);
        }
        String dataSource = p.path("DataSourceName").asText(null);
        if (!"PIPELINE".equals(kind) && dataSource == null) {
          throw new AssemblyException(r.logicalId() + ".DataSourceName is missing: a UNIT resolver needs a data source");
        }
        FieldResolver fr = new FieldResolver(r.logicalId(), text(p, r.logicalId(), "TypeName"),
            text(p, r.logicalId(), "FieldName"), kind, dataSource, pipeline, code(resolver, r.logicalId(), p));
        model.resolvers.put(fr.typeName() + "." + fr.fieldName(), fr);
      }
    }
    for (FieldResolver fr : model.resolvers.values()) {
      List<String> names = new ArrayList<>();
      if (fr.dataSourceName() != null && !fr.isPipeline()) {
        names.add(fr.dataSourceName());
      }
      fr.pipeline().forEach(f -> names.add(f.dataSourceName()));
      for (String ds : names) {
        if (!model.dataSources.containsKey(ds)) {
          throw new AssemblyException(fr.logicalId() + ": data source '" + ds + "' is not a data source of API "
              + apiLogicalId + "; its data sources are " + model.dataSources.keySet());
        }
      }
    }
    return model;
  }

  /** A limit property as AppSync takes it: absent or 0 for none, else from 1 to its maximum. */
  private static int limit(JsonNode api, String logicalId, String property, int maximum) {
    JsonNode value = api.path(property);
    if (value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!value.canConvertToInt() || value.asInt() < 0 || value.asInt() > maximum) {
      throw new AssemblyException(logicalId + "." + property + " must be from 0 (no limit) to " + maximum + ", but "
          + value + " was given");
    }
    return value.asInt();
  }

  private static List<AuthMode> concat(AuthMode first, List<AuthMode> rest) {
    List<AuthMode> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private static void registerPart(ReferenceRegistry registry, AwsEnvironment env, String apiId, Resource r,
      String stack) {
    if (registry.isRegistered(r.logicalId())) {
      return;
    }
    String id = r.logicalId();
    switch (r.type()) {
      case API_KEY -> {
        // AppSync keys look like da2- and 26 characters; a key derived from the stack stays the same
        // from run to run, so a client's configuration keeps working.
        String key = "da2-" + token(stack + "/" + id, 26);
        String arn = env.arn("appsync", "apis/" + apiId + "/apikeys/" + key);
        registry.register(id, arn, Map.of("ApiKey", key, "Arn", arn, "ApiKeyId", key));
      }
      case FUNCTION -> {
        String functionId = token(stack + "/" + id, 26);
        String arn = env.arn("appsync", "apis/" + apiId + "/functions/" + functionId);
        registry.register(id, arn, Map.of("FunctionId", functionId, "FunctionArn", arn,
            "DataSourceName", r.property("DataSourceName").asText(""), "Name", r.property("Name").asText(id)));
      }
      case DATA_SOURCE -> {
        String name = r.property("Name").asText(id);
        String arn = env.arn("appsync", "apis/" + apiId + "/datasources/" + name);
        registry.register(id, arn, Map.of("DataSourceArn", arn, "Name", name));
      }
      case RESOLVER -> {
        String arn = env.arn("appsync", "apis/" + apiId + "/types/" + r.property("TypeName").asText()
            + "/resolvers/" + r.property("FieldName").asText());
        registry.register(id, arn, Map.of("ResolverArn", arn, "TypeName", r.property("TypeName").asText(),
            "FieldName", r.property("FieldName").asText()));
      }
      case SCHEMA -> registry.register(id, apiId, Map.of());
      default -> {
      }
    }
  }

  private static Code code(TemplateResolver resolver, String logicalId, ObjectNode p) {
    if (p.has("RequestMappingTemplate") || p.has("RequestMappingTemplateS3Location")
        || p.has("ResponseMappingTemplate") || p.has("ResponseMappingTemplateS3Location")) {
      throw new AssemblyException(logicalId + ": VTL mapping templates (RequestMappingTemplate, ResponseMappingTemplate)"
          + " are not supported locally; write the resolver in APPSYNC_JS (Code or CodeS3Location)");
    }
    String runtime = p.path("Runtime").path("Name").asText("");
    if (!"APPSYNC_JS".equals(runtime)) {
      throw new AssemblyException(logicalId + ".Runtime.Name: '" + runtime + "' is not supported locally;"
          + " only APPSYNC_JS runs");
    }
    String source;
    if (p.hasNonNull("Code")) {
      source = p.get("Code").asText();
    } else if (p.hasNonNull("CodeS3Location")) {
      source = read(resolver.asset(logicalId, "CodeS3Location"));
    } else {
      throw new AssemblyException(logicalId + " has neither Code nor CodeS3Location: an APPSYNC_JS resolver or"
          + " function needs its code");
    }
    return new Code(logicalId, "m" + token(source, 16), source);
  }

  private static String text(JsonNode properties, String logicalId, String property) {
    JsonNode value = properties.path(property);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new AssemblyException(logicalId + "." + property + " is missing or empty");
    }
    return value.asText();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** A lower-case letters-and-digits token derived from a seed, stable from run to run. */
  static String token(String seed, int length) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
      StringBuilder out = new StringBuilder();
      for (int i = 0; out.length() < length; i++) {
        out.append(alphabet.charAt((digest[i % digest.length] & 0xff) % alphabet.length()));
        if (i % digest.length == digest.length - 1) {
          digest = MessageDigest.getInstance("SHA-256").digest(digest);
        }
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
