package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.List;
import java.util.Optional;

/**
 * One resource of a template, as written: nothing in it is resolved.
 *
 * @param logicalId the resource's key in {@code Resources}
 * @param type the CloudFormation type, e.g. {@code AWS::SQS::Queue}
 * @param properties the {@code Properties} object (an empty object when absent)
 * @param metadata the {@code Metadata} object (an empty object when absent)
 * @param dependsOn the logical ids of {@code DependsOn}
 * @param condition the name of the resource's {@code Condition}, if any
 */
public record Resource(
    String logicalId,
    String type,
    JsonNode properties,
    JsonNode metadata,
    List<String> dependsOn,
    Optional<String> condition) {

  /** Copies the list of dependencies so that the record stays unchanged. */
  public Resource {
    dependsOn = List.copyOf(dependsOn);
  }

  /**
   * A property as written, or a missing node when the template does not set it.
   *
   * @param name the property name, e.g. {@code QueueName}
   * @return the raw value; {@link JsonNode#isMissingNode()} when absent
   */
  public JsonNode property(String name) {
    JsonNode value = properties.get(name);
    return value == null ? MissingNode.getInstance() : value;
  }

  /**
   * Whether the template sets the property.
   *
   * @param name the property name
   * @return true when the property is present
   */
  public boolean hasProperty(String name) {
    return properties.has(name);
  }

  /**
   * The asset path CDK recorded in the metadata ({@code aws:asset:path}), if any.
   *
   * @return the path relative to the cloud assembly
   */
  public Optional<String> assetPath() {
    return Optional.ofNullable(metadata.get("aws:asset:path")).map(JsonNode::asText);
  }

  /**
   * The property CDK recorded as holding the asset ({@code aws:asset:property}), if any.
   *
   * @return the property name, e.g. {@code Code}
   */
  public Optional<String> assetProperty() {
    return Optional.ofNullable(metadata.get("aws:asset:property")).map(JsonNode::asText);
  }
}
