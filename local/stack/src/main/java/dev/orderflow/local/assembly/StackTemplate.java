package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One stack of a cloud assembly: its template as written (nothing resolved) and the asset files
 * that the template refers to.
 *
 * <p>Resolving intrinsics is the job of {@link TemplateResolver}.
 */
public final class StackTemplate {

  /** The parameter every CDK stack has; its value is read by CloudFormation from SSM, not given. */
  public static final String BOOTSTRAP_VERSION = "BootstrapVersion";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private final Path assemblyDirectory;
  private final String artifactId;
  private final String stackName;
  private final Path templateFile;
  private final JsonNode json;
  private final AssetManifest assets;
  private final Map<String, Resource> resources;

  StackTemplate(Path assemblyDirectory, String artifactId, String stackName, Path templateFile, JsonNode json,
      AssetManifest assets) {
    this.assemblyDirectory = assemblyDirectory;
    this.artifactId = artifactId;
    this.stackName = stackName;
    this.templateFile = templateFile;
    this.json = json;
    this.assets = assets;
    this.resources = Collections.unmodifiableMap(readResources(json, templateFile));
  }

  /**
   * Reads a template file outside any cloud assembly, e.g. for a test; assets cannot be looked up.
   *
   * @param templateFile the template JSON
   * @param stackName the stack name that {@code AWS::StackName} gives
   * @return the template
   */
  public static StackTemplate of(Path templateFile, String stackName) {
    Path file = templateFile.toAbsolutePath().normalize();
    return new StackTemplate(file.getParent(), stackName, stackName, file,
        Json.read(file, "template of stack " + stackName), AssetManifest.of(List.of()));
  }

  private static Map<String, Resource> readResources(JsonNode json, Path templateFile) {
    JsonNode section = json.path("Resources");
    if (!section.isObject()) {
      throw new AssemblyException("template " + templateFile + " has no Resources");
    }
    Map<String, Resource> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = section.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode r = e.getValue();
      String type = r.path("Type").asText(null);
      if (type == null) {
        throw new AssemblyException("resource " + e.getKey() + " in " + templateFile + " has no Type");
      }
      List<String> dependsOn = new ArrayList<>();
      JsonNode deps = r.path("DependsOn");
      if (deps.isTextual()) {
        dependsOn.add(deps.asText());
      } else {
        deps.forEach(d -> dependsOn.add(d.asText()));
      }
      JsonNode properties = r.has("Properties") ? r.get("Properties") : JsonNodeFactory.instance.objectNode();
      JsonNode metadata = r.has("Metadata") ? r.get("Metadata") : JsonNodeFactory.instance.objectNode();
      map.put(e.getKey(), new Resource(e.getKey(), type, properties, metadata, dependsOn,
          Optional.ofNullable(r.get("Condition")).map(JsonNode::asText)));
    }
    return map;
  }

  /**
   * The cloud assembly folder the stack was read from.
   *
   * @return its absolute path
   */
  public Path assemblyDirectory() {
    return assemblyDirectory;
  }

  /**
   * The artifact id of the stack in the manifest.
   *
   * @return the artifact id
   */
  public String artifactId() {
    return artifactId;
  }

  /**
   * The stack name, which {@code AWS::StackName} gives.
   *
   * @return the stack name
   */
  public String stackName() {
    return stackName;
  }

  /**
   * The template file.
   *
   * @return its absolute path
   */
  public Path templateFile() {
    return templateFile;
  }

  /**
   * The template's raw JSON. Do not change it: every reader shares it.
   *
   * @return the template
   */
  public JsonNode json() {
    return json;
  }

  /**
   * The resources by logical id, in template order.
   *
   * @return an unmodifiable map
   */
  public Map<String, Resource> resources() {
    return resources;
  }

  /**
   * One resource.
   *
   * @param logicalId the logical id
   * @return the resource
   * @throws AssemblyException when the template has no such resource
   */
  public Resource resource(String logicalId) {
    Resource r = resources.get(logicalId);
    if (r == null) {
      throw new AssemblyException("stack " + stackName + " has no resource with logical id '" + logicalId + "'");
    }
    return r;
  }

  /**
   * The resources of one type, in template order.
   *
   * @param type a CloudFormation type, e.g. {@code AWS::SQS::Queue}
   * @return the resources of that type
   */
  public List<Resource> resourcesOfType(String type) {
    List<Resource> list = new ArrayList<>();
    for (Resource r : resources.values()) {
      if (r.type().equals(type)) {
        list.add(r);
      }
    }
    return list;
  }

  /**
   * The {@code Parameters} section as written.
   *
   * @return the parameters by name (empty object when absent)
   */
  public JsonNode parameters() {
    return json.path("Parameters").isObject() ? json.get("Parameters") : JsonNodeFactory.instance.objectNode();
  }

  /**
   * The {@code Outputs} section as written; {@link TemplateResolver#outputs()} resolves it.
   *
   * @return the outputs by name (empty object when absent)
   */
  public JsonNode outputs() {
    return json.path("Outputs").isObject() ? json.get("Outputs") : JsonNodeFactory.instance.objectNode();
  }

  JsonNode section(String name) {
    JsonNode s = json.get(name);
    return s == null ? MissingNode.getInstance() : s;
  }

  /**
   * The logical ids that a resource refers to: through {@code Ref}, {@code Fn::GetAtt},
   * {@code Fn::Sub} variables and {@code DependsOn}. Pseudo parameters and template parameters are
   * left out.
   *
   * @param logicalId the referring resource
   * @return the referenced resources' logical ids, in order of first appearance
   */
  public Set<String> references(String logicalId) {
    Resource r = resource(logicalId);
    Set<String> refs = new LinkedHashSet<>();
    collectReferences(r.properties(), refs);
    refs.addAll(r.dependsOn());
    refs.retainAll(resources.keySet());
    refs.remove(logicalId);
    return refs;
  }

  private static void collectReferences(JsonNode node, Set<String> refs) {
    if (node.isObject()) {
      if (node.size() == 1) {
        JsonNode ref = node.get("Ref");
        if (ref != null && ref.isTextual()) {
          refs.add(ref.asText());
          return;
        }
        JsonNode getAtt = node.get("Fn::GetAtt");
        if (getAtt != null) {
          if (getAtt.isArray() && getAtt.size() > 0) {
            refs.add(getAtt.get(0).asText());
          } else if (getAtt.isTextual()) {
            refs.add(getAtt.asText().split("\\.", 2)[0]);
          }
        }
        JsonNode sub = node.get("Fn::Sub");
        if (sub != null) {
          String text = sub.isArray() ? sub.path(0).asText() : sub.asText();
          Matcher m = SUB_VARIABLE.matcher(text);
          while (m.find()) {
            refs.add(m.group(1).split("\\.", 2)[0]);
          }
        }
      }
      node.forEach(child -> collectReferences(child, refs));
    } else if (node.isArray()) {
      node.forEach(child -> collectReferences(child, refs));
    }
  }

  /**
   * The resources in an order where each comes after every resource it refers to, as
   * CloudFormation creates them; template order among independent ones.
   *
   * @return all resources, dependencies first
   * @throws AssemblyException naming the resources of a dependency cycle
   */
  public List<Resource> inDependencyOrder() {
    List<Resource> order = new ArrayList<>();
    Map<String, Integer> state = new LinkedHashMap<>(); // 1 visiting, 2 done
    for (String id : resources.keySet()) {
      visit(id, state, order, new ArrayDeque<>());
    }
    return order;
  }

  private void visit(String id, Map<String, Integer> state, List<Resource> order, Deque<String> path) {
    Integer s = state.get(id);
    if (s != null && s == 2) {
      return;
    }
    path.addLast(id);
    if (s != null) {
      throw new AssemblyException("stack " + stackName + " has a dependency cycle: " + String.join(" -> ", path));
    }
    state.put(id, 1);
    for (String dep : references(id)) {
      visit(dep, state, order, path);
    }
    state.put(id, 2);
    path.removeLast();
    order.add(resources.get(id));
  }

  /**
   * The asset file in the cloud assembly that an S3 location in the template names: a Lambda
   * {@code Code} object ({@code S3Bucket}/{@code S3Key}), a Step Functions
   * {@code DefinitionS3Location} ({@code Bucket}/{@code Key}), or an {@code s3://bucket/key} string
   * such as AppSync's {@code DefinitionS3Location} and {@code CodeS3Location}.
   *
   * @param logicalId the resource, for the error message
   * @param property the property holding the location, for the error message
   * @param s3LocationValue the location, resolved or as written (a {@link JsonNode} or a string)
   * @return the asset file or directory (a zip asset that CDK left unzipped is a directory)
   * @throws AssemblyException naming the logical id, the property and the missing file
   */
  public Path asset(String logicalId, String property, Object s3LocationValue) {
    String key = objectKey(logicalId, property, s3LocationValue);
    Optional<AssetManifest.FileAsset> asset = assets.byObjectKey(key);
    String sourcePath = asset.map(AssetManifest.FileAsset::sourcePath).orElse(null);
    if (sourcePath == null) {
      // Without an asset manifest entry, CDK's own metadata still says where the asset is.
      Resource r = resources.get(logicalId);
      if (r != null && r.assetPath().isPresent() && property.equals(r.assetProperty().orElse(null))) {
        sourcePath = r.assetPath().get();
      }
    }
    if (sourcePath == null) {
      throw new AssemblyException(logicalId + "." + property + " refers to S3 object '" + key
          + "', which is not an asset of the cloud assembly " + assemblyDirectory
          + "; only assets that cdk synth wrote can run locally");
    }
    Path file = assemblyDirectory.resolve(sourcePath).normalize();
    if (!Files.exists(file)) {
      throw new AssemblyException(logicalId + "." + property + ": asset file " + file
          + " is missing from the cloud assembly; run cdk synth again");
    }
    return file;
  }

  private static String objectKey(String logicalId, String property, Object value) {
    JsonNode node = value instanceof JsonNode ? (JsonNode) value : JsonNodeFactory.instance.textNode(String.valueOf(value));
    if (node.isTextual()) {
      String text = node.asText();
      if (text.startsWith("s3://")) {
        int slash = text.indexOf('/', "s3://".length());
        if (slash > 0) {
          return text.substring(slash + 1);
        }
      }
      return text;
    }
    for (String field : List.of("S3Key", "Key", "key")) {
      JsonNode key = node.get(field);
      if (key != null && key.isTextual()) {
        return key.asText();
      }
    }
    throw new AssemblyException(logicalId + "." + property + " is not an S3 location with a literal key: " + node
        + "; expected {S3Bucket, S3Key}, {Bucket, Key} or an s3://bucket/key string");
  }
}
