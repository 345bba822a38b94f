package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A stack as its services provision it: the template resolved, the registry that every service
 * adds its resources to, and the run's directory.
 *
 * @param resolver the stack's template, its intrinsics resolved
 * @param registry what every provisioned resource gives to {@code Ref} and {@code Fn::GetAtt}
 * @param runDirectory the run's files (outbox, certificate)
 */
public record Provisioning(TemplateResolver resolver, ReferenceRegistry registry, Path runDirectory) {

  /** Checks that every part is present. */
  public Provisioning {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(runDirectory, "runDirectory");
  }

  /**
   * The resources of some types that the stack creates, in template order.
   *
   * @param types resource types, e.g. {@code AWS::SNS::Topic}
   * @return the resources
   */
  public List<Resource> resources(Set<String> types) {
    return resolver.createdResources().stream().filter(r -> types.contains(r.type())).toList();
  }

  /**
   * A resource's properties, intrinsics resolved.
   *
   * @param resource the resource
   * @return its properties
   */
  public JsonNode properties(Resource resource) {
    return resolver.properties(resource.logicalId());
  }

  /**
   * A resource's physical name: its name property when the template sets it, otherwise one made
   * from the stack and the logical id as CloudFormation makes them.
   *
   * @param resource the resource
   * @param nameProperty e.g. {@code TopicName}
   * @param maxLength the longest name the service allows
   * @return the name
   */
  public String physicalName(Resource resource, String nameProperty, int maxLength) {
    JsonNode properties = properties(resource);
    return properties.hasNonNull(nameProperty) ? properties.get(nameProperty).asText()
        : PhysicalNames.generate(resolver.template().stackName(), resource.logicalId(), maxLength);
  }

  /** The region, account and partition of the stack's ARNs. */
  public AwsEnvironment environment() {
    return resolver.environment();
  }

  /** The stack's name. */
  public String stackName() {
    return resolver.template().stackName();
  }
}
