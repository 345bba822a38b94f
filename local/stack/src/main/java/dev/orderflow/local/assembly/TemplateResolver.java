package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the CloudFormation intrinsics of one stack's template to local values.
 *
 * <p>Supported: {@code Ref}, {@code Fn::GetAtt} (both forms), {@code Fn::Join}, {@code Fn::Sub}
 * (both forms), {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If} with the template's
 * {@code Conditions} ({@code Fn::Equals}, {@code Fn::Not}, {@code Fn::And}, {@code Fn::Or},
 * {@code Condition}), {@code Fn::GetAZs}, {@code Fn::Base64}, {@code Fn::FindInMap},
 * {@code Fn::Length}, {@code Fn::ToJsonString}, the pseudo parameters, and template parameters
 * with their defaults or given values. {@code AWS::NoValue} removes the key or list element that
 * holds it. {@code Fn::ImportValue} and {@code Fn::Cidr} fail, naming where they are used.
 *
 * <p>{@code Ref} and {@code Fn::GetAtt} of a resource give what the {@link ResourceReferences}
 * supply, usually a {@link ReferenceRegistry}.
 */
public final class TemplateResolver {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Marks AWS::NoValue while resolving; never returned inside a resolved value. */
  private static final JsonNode NO_VALUE = MissingNode.getInstance();

  private final StackTemplate template;
  private final ResourceReferences references;
  private final AwsEnvironment environment;
  private final Map<String, JsonNode> parameterValues;
  private final Map<String, Boolean> conditions = new ConcurrentHashMap<>();

  /**
   * A resolver over a registry, with parameters at their defaults.
   *
   * @param registry the stack's registry (it gives the template and environment)
   * @throws AssemblyException naming the parameters that have no default value
   */
  public TemplateResolver(ReferenceRegistry registry) {
    this(registry.template(), registry, registry.environment(), Map.of());
  }

  /**
   * A resolver.
   *
   * @param template the stack
   * @param references what {@code Ref} and {@code Fn::GetAtt} of resources give
   * @param environment the pseudo parameters' account and region
   * @param parameters values for template parameters, overriding their defaults
   * @throws AssemblyException naming the parameters that have neither a default nor a value here,
   *     or a value that is not a parameter of the template
   */
  public TemplateResolver(StackTemplate template, ResourceReferences references, AwsEnvironment environment,
      Map<String, String> parameters) {
    this.template = template;
    this.references = references;
    this.environment = environment;
    this.parameterValues = readParameters(template, parameters);
    if (references instanceof ReferenceRegistry) {
      ((ReferenceRegistry) references).attach(this);
    }
  }

  private static Map<String, JsonNode> readParameters(StackTemplate template, Map<String, String> given) {
    JsonNode declared = template.parameters();
    for (String name : given.keySet()) {
      if (!declared.has(name)) {
        throw new AssemblyException("stack " + template.stackName() + " has no parameter '" + name
            + "'; its parameters are " + fieldNames(declared));
      }
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = declared.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      String type = p.getValue().path("Type").asText("String");
      JsonNode value;
      if (given.containsKey(p.getKey())) {
        value = NODES.textNode(given.get(p.getKey()));
      } else if (p.getValue().has("Default")) {
        value = p.getValue().get("Default");
      } else if (StackTemplate.BOOTSTRAP_VERSION.equals(p.getKey())) {
        continue; // read from SSM by CloudFormation; nothing local depends on it
      } else {
        missing.add(p.getKey());
        continue;
      }
      if (type.equals("CommaDelimitedList") || type.startsWith("List<")) {
        ArrayNode list = NODES.arrayNode();
        for (String part : value.asText().split(",", -1)) {
          list.add(part.trim());
        }
        value = list;
      } else if (!value.isTextual()) {
        value = NODES.textNode(value.asText());
      }
      values.put(p.getKey(), value);
    }
    if (!missing.isEmpty()) {
      throw new AssemblyException("stack " + template.stackName() + " has parameters without a default value: "
          + missing + "; give a value for each");
    }
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * The stack.
   *
   * @return the template
   */
  public StackTemplate template() {
    return template;
  }

  /**
   * The account and region of the pseudo parameters.
   *
   * @return the environment
   */
  public AwsEnvironment environment() {
    return environment;
  }

  /**
   * Resolves every intrinsic in a value of the template.
   *
   * @param node a value as written
   * @return a new, resolved value; a missing node when the whole value is {@code AWS::NoValue}
   * @throws AssemblyException naming the reference or function that cannot be resolved
   */
  public JsonNode resolve(JsonNode node) {
    return resolve(new Where("template", ""), node);
  }

  /**
   * Resolves every intrinsic in a value, naming where it is in error messages.
   *
   * @param logicalId the resource that holds the value
   * @param property the property that holds it
   * @param node the value as written
   * @return a new, resolved value; a missing node when the whole value is {@code AWS::NoValue}
   * @throws AssemblyException naming the logical id, the property and what cannot be resolved
   */
  public JsonNode resolve(String logicalId, String property, JsonNode node) {
    return resolve(new Where(logicalId, property), node);
  }

  /**
   * One property of a resource, resolved.
   *
   * @param logicalId the resource
   * @param property the property name
   * @return the resolved value, or a missing node when the template does not set it
   */
  public JsonNode property(String logicalId, String property) {
    Resource r = template.resource(logicalId);
    JsonNode raw = r.property(property);
    return raw.isMissingNode() ? raw : resolve(logicalId, property, raw);
  }

  /**
   * All properties of a resource, resolved.
   *
   * @param logicalId the resource
   * @return a new object of the resolved properties
   */
  public ObjectNode properties(String logicalId) {
    Resource r = template.resource(logicalId);
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = r.properties().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      JsonNode v = resolve(logicalId, p.getKey(), p.getValue());
      if (!v.isMissingNode()) {
        out.set(p.getKey(), v);
      }
    }
    return out;
  }

  /**
   * The asset file that a resource's property points to (see {@link StackTemplate#asset}).
   *
   * @param logicalId the resource
   * @param property the property holding the S3 location, e.g. {@code Code}
   * @return the asset file or directory in the cloud assembly
   * @throws AssemblyException naming the logical id, the property and the missing file
   */
  public Path asset(String logicalId, String property) {
    JsonNode value = property(logicalId, property);
    if (value.isMissingNode()) {
      throw new AssemblyException(logicalId + " has no property " + property);
    }
    return template.asset(logicalId, property, value);
  }

  /**
   * Whether a condition of the template holds.
   *
   * @param name the condition's name in {@code Conditions}
   * @return its value
   * @throws AssemblyException when the template has no such condition
   */
  public boolean condition(String name) {
    Boolean known = conditions.get(name);
    if (known != null) {
      return known;
    }
    boolean value = evaluateCondition(name, new ArrayList<>());
    conditions.put(name, value);
    return value;
  }

  /**
   * Whether a resource exists in this run: it has no {@code Condition}, or its condition holds.
   *
   * @param resource the resource
   * @return true when CloudFormation would create it
   */
  public boolean isCreated(Resource resource) {
    return resource.condition().map(this::condition).orElse(true);
  }

  /**
   * The resources CloudFormation would create, dependencies first.
   *
   * @return the resources whose condition holds, in dependency order
   */
  public List<Resource> createdResources() {
    List<Resource> out = new ArrayList<>();
    for (Resource r : template.inDependencyOrder()) {
      if (isCreated(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * The stack's outputs, resolved (outputs whose condition does not hold are left out).
   *
   * @return the output values by name
   */
  public Map<String, JsonNode> outputs() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = template.outputs().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> o = it.next();
      JsonNode cond = o.getValue().get("Condition");
      if (cond != null && !condition(cond.asText())) {
        continue;
      }
      out.put(o.getKey(), resolve(new Where("Outputs", o.getKey()), o.getValue().path("Value")));
    }
    return out;
  }

  // --- resolution ---

  /** Where a value is, for error messages. */
  private record Where(String logicalId, String property) {
    @Override
    public String toString() {
      return property.isEmpty() ? logicalId : logicalId + "." + property;
    }
  }

  private JsonNode resolve(Where where, JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return NO_VALUE;
    }
    if (node.isArray()) {
      ArrayNode out = NODES.arrayNode();
      for (JsonNode element : node) {
        JsonNode v = resolve(where, element);
        if (!v.isMissingNode()) {
          out.add(v);
        }
      }
      return out;
    }
    if (!node.isObject()) {
      return node.deepCopy();
    }
    if (node.size() == 1) {
      String key = node.fieldNames().next();
      if (key.equals("Ref") || key.startsWith("Fn::")) {
        return intrinsic(where, key, node.get(key));
      }
    }
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = resolve(where, e.getValue());
      if (!v.isMissingNode()) {
        out.set(e.getKey(), v);
      }
    }
    return out;
  }

  private JsonNode intrinsic(Where where, String function, JsonNode args) {
    switch (function) {
      case "Ref":
        return ref(where, args.asText());
      case "Fn::GetAtt":
        return getAtt(where, args);
      case "Fn::Join":
        return join(where, args);
      case "Fn::Sub":
        return sub(where, args);
      case "Fn::Select":
        return select(where, args);
      case "Fn::Split":
        return split(where, args);
      case "Fn::If":
        return ifThen(where, args);
      case "Fn::GetAZs":
        return getAzs(where, args);
      case "Fn::Base64":
        return NODES.textNode(Base64.getEncoder().encodeToString(
            text(where, function, resolve(where, args)).getBytes(StandardCharsets.UTF_8)));
      case "Fn::FindInMap":
        return findInMap(where, args);
      case "Fn::Length": {
        JsonNode list = resolve(where, args);
        if (!list.isArray()) {
          throw error(where, "Fn::Length needs a list, but got " + list);
        }
        return NODES.numberNode(list.size());
      }
      case "Fn::ToJsonString":
        try {
          return NODES.textNode(Json.MAPPER.writeValueAsString(resolve(where, args)));
        } catch (JsonProcessingException e) {
          throw error(where, "Fn::ToJsonString cannot write its value: " + e.getMessage());
        }
      case "Fn::ImportValue":
        throw error(where, "Fn::ImportValue " + args + " is not supported locally: a stack runs alone, "
            + "without the exports of other stacks; pass the value in another way");
      case "Fn::Equals":
      case "Fn::Not":
      case "Fn::And":
      case "Fn::Or":
        return NODES.booleanNode(conditionExpression(where, NODES.objectNode().set(function, args), new ArrayList<>()));
      default:
        throw error(where, function + " is not supported locally; supported are Ref, Fn::GetAtt, Fn::Join, "
            + "Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::GetAZs, "
            + "Fn::Base64, Fn::FindInMap, Fn::Length and Fn::ToJsonString");
    }
  }

  private JsonNode ref(Where where, String name) {
    Optional<JsonNode> pseudo = pseudo(name);
    if (pseudo.isPresent()) {
      return pseudo.get();
    }
    JsonNode parameter = parameterValues.get(name);
    if (parameter != null) {
      return parameter.deepCopy();
    }
    if (!template.resources().containsKey(name)) {
      throw error(where, "Ref to '" + name + "', which is not a resource, parameter or pseudo parameter of stack "
          + template.stackName());
    }
    Object value = references.ref(name).orElseThrow(() -> error(where, "Ref to " + name + " ("
        + template.resource(name).type() + ") has no local value"));
    return toNode(value);
  }

  private Optional<JsonNode> pseudo(String name) {
    switch (name) {
      case "AWS::Region":
        return Optional.of(NODES.textNode(environment.region()));
      case "AWS::AccountId":
        return Optional.of(NODES.textNode(environment.accountId()));
      case "AWS::Partition":
        return Optional.of(NODES.textNode(environment.partition()));
      case "AWS::URLSuffix":
        return Optional.of(NODES.textNode(environment.urlSuffix()));
      case "AWS::StackName":
        return Optional.of(NODES.textNode(template.stackName()));
      case "AWS::StackId":
        return Optional.of(NODES.textNode(stackId()));
      case "AWS::NotificationARNs":
        return Optional.of(NODES.arrayNode());
      case "AWS::NoValue":
        return Optional.of(NO_VALUE);
      default:
        return Optional.empty();
    }
  }

  private String stackId() {
    UUID id = UUID.nameUUIDFromBytes((environment.accountId() + "/" + template.stackName()).getBytes(StandardCharsets.UTF_8));
    return environment.arn("cloudformation", "stack/" + template.stackName() + "/" + id);
  }

  private JsonNode getAtt(Where where, JsonNode args) {
    String logicalId;
    String attribute;
    if (args.isTextual()) {
      String[] parts = args.asText().split("\\.", 2);
      if (parts.length != 2) {
        throw error(where, "Fn::GetAtt '" + args.asText() + "' must be LogicalId.Attribute");
      }
      logicalId = parts[0];
      attribute = parts[1];
    } else if (args.isArray() && args.size() == 2) {
      logicalId = args.get(0).asText();
      JsonNode attr = args.get(1);
      attribute = attr.isTextual() ? attr.asText() : text(where, "Fn::GetAtt", resolve(where, attr));
    } else {
      throw error(where, "Fn::GetAtt needs [LogicalId, Attribute] or \"LogicalId.Attribute\", but got " + args);
    }
    return getAtt(where, logicalId, attribute);
  }

  private JsonNode getAtt(Where where, String logicalId, String attribute) {
    Resource r = template.resources().get(logicalId);
    if (r == null) {
      throw error(where, "Fn::GetAtt " + logicalId + "." + attribute + ": stack " + template.stackName()
          + " has no resource " + logicalId);
    }
    Optional<Object> value = references.getAtt(logicalId, attribute);
    if (value.isEmpty()) {
      String available = references instanceof ReferenceRegistry
          ? "; available: " + ((ReferenceRegistry) references).availableAttributes(logicalId)
          : "";
      throw error(where, "Fn::GetAtt " + logicalId + "." + attribute + ": attribute '" + attribute + "' of "
          + logicalId + " (" + r.type() + ") cannot be given locally" + available);
    }
    return toNode(value.get());
  }

  private JsonNode join(Where where, JsonNode args) {
    if (!args.isArray() || args.size() != 2) {
      throw error(where, "Fn::Join needs [delimiter, [values]], but got " + args);
    }
    String delimiter = args.get(0).asText();
    JsonNode list = resolve(where, args.get(1));
    if (!list.isArray()) {
      throw error(where, "Fn::Join needs a list of values, but got " + list);
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode element : list) {
      parts.add(text(where, "Fn::Join", element));
    }
    return NODES.textNode(String.join(delimiter, parts));
  }

  private JsonNode sub(Where where, JsonNode args) {
    String text;
    Map<String, JsonNode> variables = new HashMap<>();
    if (args.isTextual()) {
      text = args.asText();
    } else if (args.isArray() && args.size() == 2 && args.get(0).isTextual() && args.get(1).isObject()) {
      text = args.get(0).asText();
      Iterator<Map.Entry<String, JsonNode>> it = args.get(1).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> v = it.next();
        variables.put(v.getKey(), resolve(where, v.getValue()));
      }
    } else {
      throw error(where, "Fn::Sub needs a string or [string, {variables}], but got " + args);
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw error(where, "Fn::Sub has an unclosed ${ in \"" + text + "\"");
      }
      String name = text.substring(start + 2, end);
      if (name.startsWith("!")) {
        out.append("${").append(name.substring(1)).append('}'); // ${!Literal} writes ${Literal}
      } else {
        out.append(text(where, "Fn::Sub ${" + name + "}", subVariable(where, name.trim(), variables)));
      }
      i = end + 1;
    }
    return NODES.textNode(out.toString());
  }

  private JsonNode subVariable(Where where, String name, Map<String, JsonNode> variables) {
    JsonNode given = variables.get(name);
    if (given != null) {
      return given;
    }
    if (pseudo(name).isPresent() || parameterValues.containsKey(name) || template.resources().containsKey(name)) {
      return ref(where, name);
    }
    int dot = name.indexOf('.');
    if (dot > 0 && template.resources().containsKey(name.substring(0, dot))) {
      return getAtt(where, name.substring(0, dot), name.substring(dot + 1));
    }
    throw error(where, "Fn::Sub variable ${" + name + "} is not a variable, resource, parameter or pseudo parameter");
  }

  private JsonNode select(Where where, JsonNode args) {
    if (!args.isArray() || args.size() != 2) {
      throw error(where, "Fn::Select needs [index, [values]], but got " + args);
    }
    JsonNode indexNode = resolve(where, args.get(0));
    int index;
    try {
      index = Integer.parseInt(indexNode.asText().trim());
    } catch (NumberFormatException e) {
      throw error(where, "Fn::Select index must be a number, but was " + indexNode);
    }
    JsonNode list = resolve(where, args.get(1));
    if (!list.isArray()) {
      throw error(where, "Fn::Select needs a list, but got " + list);
    }
    if (index < 0 || index >= list.size()) {
      throw error(where, "Fn::Select index " + index + " is outside the list of " + list.size() + " values " + list);
    }
    return list.get(index);
  }

  private JsonNode split(Where where, JsonNode args) {
    if (!args.isArray() || args.size() != 2) {
      throw error(where, "Fn::Split needs [delimiter, string], but got " + args);
    }
    String delimiter = args.get(0).asText();
    String source = text(where, "Fn::Split", resolve(where, args.get(1)));
    ArrayNode out = NODES.arrayNode();
    int from = 0;
    while (true) {
      int at = delimiter.isEmpty() ? -1 : source.indexOf(delimiter, from);
      if (at < 0) {
        out.add(source.substring(from));
        break;
      }
      out.add(source.substring(from, at));
      from = at + delimiter.length();
    }
    return out;
  }

  private JsonNode ifThen(Where where, JsonNode args) {
    if (!args.isArray() || args.size() != 3 || !args.get(0).isTextual()) {
      throw error(where, "Fn::If needs [conditionName, valueIfTrue, valueIfFalse], but got " + args);
    }
    String name = args.get(0).asText();
    if (!template.section("Conditions").has(name)) {
      throw error(where, "Fn::If names condition '" + name + "', which is not in the template's Conditions");
    }
    return resolve(where, condition(name) ? args.get(1) : args.get(2));
  }

  private JsonNode getAzs(Where where, JsonNode args) {
    JsonNode regionNode = resolve(where, args);
    String region = regionNode.isMissingNode() || regionNode.asText().isEmpty() ? environment.region() : regionNode.asText();
    ArrayNode out = NODES.arrayNode();
    for (String zone : List.of("a", "b", "c")) {
      out.add(region + zone);
    }
    return out;
  }

  private JsonNode findInMap(Where where, JsonNode args) {
    if (!args.isArray() || args.size() < 3 || args.size() > 4) {
      throw error(where, "Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey], but got " + args);
    }
    String map = text(where, "Fn::FindInMap", resolve(where, args.get(0)));
    String top = text(where, "Fn::FindInMap", resolve(where, args.get(1)));
    String second = text(where, "Fn::FindInMap", resolve(where, args.get(2)));
    JsonNode value = template.section("Mappings").path(map).path(top).path(second);
    if (value.isMissingNode()) {
      if (args.size() == 4 && args.get(3).has("DefaultValue")) {
        return resolve(where, args.get(3).get("DefaultValue"));
      }
      throw error(where, "Fn::FindInMap: Mappings has no " + map + "." + top + "." + second);
    }
    return value.deepCopy();
  }

  // --- conditions ---

  private boolean evaluateCondition(String name, List<String> path) {
    JsonNode expression = template.section("Conditions").get(name);
    if (expression == null) {
      throw new AssemblyException("stack " + template.stackName() + " has no condition '" + name + "'");
    }
    if (path.contains(name)) {
      throw new AssemblyException("conditions of stack " + template.stackName() + " refer to each other: "
          + String.join(" -> ", path) + " -> " + name);
    }
    path.add(name);
    boolean value = conditionExpression(new Where("Conditions", name), expression, path);
    path.remove(path.size() - 1);
    return value;
  }

  private boolean conditionExpression(Where where, JsonNode node, List<String> path) {
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isTextual() && (node.asText().equals("true") || node.asText().equals("false"))) {
      return Boolean.parseBoolean(node.asText());
    }
    if (!node.isObject() || node.size() != 1) {
      throw error(where, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, but was " + node);
    }
    String function = node.fieldNames().next();
    JsonNode args = node.get(function);
    switch (function) {
      case "Condition": {
        String name = args.asText();
        Boolean known = conditions.get(name);
        if (known != null) {
          return known;
        }
        boolean value = evaluateCondition(name, path);
        conditions.put(name, value);
        return value;
      }
      case "Fn::Equals": {
        if (!args.isArray() || args.size() != 2) {
          throw error(where, "Fn::Equals needs two values, but got " + args);
        }
        return equalValues(resolve(where, args.get(0)), resolve(where, args.get(1)));
      }
      case "Fn::Not": {
        if (!args.isArray() || args.size() != 1) {
          throw error(where, "Fn::Not needs one condition, but got " + args);
        }
        return !conditionExpression(where, args.get(0), path);
      }
      case "Fn::And":
      case "Fn::Or": {
        if (!args.isArray() || args.size() < 2 || args.size() > 10) {
          throw error(where, function + " needs 2 to 10 conditions, but got " + args);
        }
        boolean and = function.equals("Fn::And");
        for (JsonNode c : args) {
          boolean v = conditionExpression(where, c, path);
          if (and && !v) {
            return false;
          }
          if (!and && v) {
            return true;
          }
        }
        return and;
      }
      default:
        return conditionExpression(where, resolve(where, node), path);
    }
  }

  private static boolean equalValues(JsonNode a, JsonNode b) {
    if (a.isValueNode() && b.isValueNode()) {
      return a.asText().equals(b.asText()); // CloudFormation compares "1" and 1 as equal
    }
    return a.equals(b);
  }

  // --- helpers ---

  private static String text(Where where, String function, JsonNode value) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    throw new AssemblyException(where + ": " + function + " needs a string, but got " + value);
  }

  private static JsonNode toNode(Object value) {
    if (value instanceof JsonNode) {
      return ((JsonNode) value).deepCopy();
    }
    return Json.MAPPER.valueToTree(value);
  }

  private static AssemblyException error(Where where, String message) {
    return new AssemblyException(where + ": " + message);
  }
}
