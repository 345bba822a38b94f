package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A cloud assembly: the folder that {@code cdk synth} writes ({@code cdk.out}), read from its
 * {@code manifest.json}.
 *
 * <p>Only what the assembly holds is read: the manifest, the stacks' templates, their asset
 * manifests and the asset files. Never the source tree that produced them, so that what runs
 * locally is what would deploy.
 */
public final class CloudAssembly {

  static final String STACK_TYPE = "aws:cloudformation:stack";
  static final String ASSET_MANIFEST_TYPE = "cdk:asset-manifest";

  private final Path directory;
  private final JsonNode manifest;

  private CloudAssembly(Path directory, JsonNode manifest) {
    this.directory = directory;
    this.manifest = manifest;
  }

  /**
   * Reads the manifest of a cloud assembly.
   *
   * @param directory the assembly folder, e.g. {@code cdk.out}
   * @return the assembly
   * @throws AssemblyException when the folder or its manifest is missing or unreadable
   */
  public static CloudAssembly read(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new AssemblyException("cloud assembly " + dir + " is not a directory: run cdk synth first");
    }
    JsonNode manifest = Json.read(dir.resolve("manifest.json"), "cloud assembly manifest");
    if (!manifest.path("artifacts").isObject()) {
      throw new AssemblyException("cloud assembly manifest " + dir.resolve("manifest.json") + " has no artifacts");
    }
    return new CloudAssembly(dir, manifest);
  }

  /**
   * The assembly folder.
   *
   * @return its absolute path
   */
  public Path directory() {
    return directory;
  }

  /**
   * The names of the CloudFormation stacks in the assembly, in manifest order.
   *
   * @return the stack names
   */
  public List<String> stackNames() {
    List<String> names = new ArrayList<>();
    forEachStack((id, artifact) -> names.add(stackName(id, artifact)));
    return names;
  }

  /**
   * Reads one stack: its template and asset manifest.
   *
   * @param name the stack name, its artifact id, or its display name (construct path)
   * @return the stack's template
   * @throws AssemblyException naming the stacks there are when none matches
   */
  public StackTemplate stack(String name) {
    List<String> known = new ArrayList<>();
    StackTemplate[] found = new StackTemplate[1];
    forEachStack((id, artifact) -> {
      String stackName = stackName(id, artifact);
      known.add(stackName);
      if (found[0] == null
          && (name.equals(stackName) || name.equals(id) || name.equals(artifact.path("displayName").asText(null)))) {
        found[0] = load(id, stackName, artifact);
      }
    });
    if (found[0] == null) {
      throw new AssemblyException("cloud assembly " + directory + " has no stack named '" + name
          + "'; its stacks are " + known);
    }
    return found[0];
  }

  private StackTemplate load(String id, String stackName, JsonNode artifact) {
    String templateFile = artifact.path("properties").path("templateFile").asText(null);
    if (templateFile == null) {
      throw new AssemblyException("stack artifact '" + id + "' in " + directory.resolve("manifest.json")
          + " has no properties.templateFile");
    }
    JsonNode template = Json.read(directory.resolve(templateFile), "template of stack " + stackName);
    List<JsonNode> assetManifests = new ArrayList<>();
    for (JsonNode dependency : artifact.path("dependencies")) {
      JsonNode dep = manifest.path("artifacts").path(dependency.asText());
      if (ASSET_MANIFEST_TYPE.equals(dep.path("type").asText())) {
        String file = dep.path("properties").path("file").asText(null);
        if (file != null) {
          assetManifests.add(Json.read(directory.resolve(file), "asset manifest of stack " + stackName));
        }
      }
    }
    return new StackTemplate(directory, id, stackName, directory.resolve(templateFile), template,
        AssetManifest.of(assetManifests));
  }

  private static String stackName(String id, JsonNode artifact) {
    return artifact.path("properties").path("stackName").asText(id);
  }

  private void forEachStack(java.util.function.BiConsumer<String, JsonNode> action) {
    Iterator<Map.Entry<String, JsonNode>> it = manifest.path("artifacts").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (STACK_TYPE.equals(e.getValue().path("type").asText())) {
        action.accept(e.getKey(), e.getValue());
      }
    }
  }
}
