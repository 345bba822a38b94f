package dev.orderflow.local.assembly;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of {@code Ref} and {@code Fn::GetAtt} for one stack: each local service registers
 * the real values of the resources it runs; for any other resource of the template, a default
 * gives CloudFormation-shaped names and ARNs built from the logical id, region and account.
 *
 * <p>Services register in dependency order (see {@link StackTemplate#inDependencyOrder()}), so a
 * resource's values are there before a resource that refers to it is created.
 */
public final class ReferenceRegistry implements ResourceReferences {

  private record Entry(Object ref, Map<String, Object> attributes) {}

  private final StackTemplate template;
  private final AwsEnvironment environment;
  private final DefaultReferences defaults;
  private final Map<String, Entry> registered = new ConcurrentHashMap<>();

  /**
   * A registry for one stack.
   *
   * @param template the stack
   * @param environment the account and region the default ARNs use
   */
  public ReferenceRegistry(StackTemplate template, AwsEnvironment environment) {
    this.template = template;
    this.environment = environment;
    this.defaults = new DefaultReferences(template, environment);
  }

  /**
   * Records what a resource's {@code Ref} and {@code Fn::GetAtt} give.
   *
   * @param logicalId the resource
   * @param ref the value of {@code Ref}
   * @param attributes the attributes, by name
   * @throws IllegalArgumentException when the template has no such resource or it is registered already
   */
  public void register(String logicalId, Object ref, Map<String, ?> attributes) {
    if (!template.resources().containsKey(logicalId)) {
      throw new IllegalArgumentException("stack " + template.stackName() + " has no resource " + logicalId);
    }
    Entry previous = registered.putIfAbsent(logicalId, new Entry(ref, Map.copyOf(attributes)));
    if (previous != null) {
      throw new IllegalArgumentException("the values of " + logicalId + " are registered already");
    }
  }

  void attach(TemplateResolver resolver) {
    defaults.attach(resolver);
  }

  /**
   * Whether a service registered the resource.
   *
   * @param logicalId the resource
   * @return true when registered
   */
  public boolean isRegistered(String logicalId) {
    return registered.containsKey(logicalId);
  }

  /**
   * The stack this registry serves.
   *
   * @return the template
   */
  public StackTemplate template() {
    return template;
  }

  /**
   * The account and region of the default values.
   *
   * @return the environment
   */
  public AwsEnvironment environment() {
    return environment;
  }

  @Override
  public Optional<Object> ref(String logicalId) {
    Entry e = registered.get(logicalId);
    if (e != null) {
      return Optional.of(e.ref());
    }
    return defaults.ref(logicalId);
  }

  @Override
  public Optional<Object> getAtt(String logicalId, String attribute) {
    Entry e = registered.get(logicalId);
    if (e != null) {
      // A registering service knows its resource best: no default for what it left out.
      return Optional.ofNullable(e.attributes().get(attribute));
    }
    return defaults.getAtt(logicalId, attribute);
  }

  /**
   * The attributes that can be given for a resource, for error messages.
   *
   * @param logicalId the resource
   * @return the attribute names
   */
  public List<String> availableAttributes(String logicalId) {
    Entry e = registered.get(logicalId);
    if (e != null) {
      return e.attributes().keySet().stream().sorted().toList();
    }
    return defaults.knownAttributes(logicalId);
  }
}
