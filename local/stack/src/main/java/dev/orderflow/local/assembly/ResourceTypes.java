package dev.orderflow.local.assembly;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which resource types a local run needs no engine for, and the check that every other resource
 * of a stack is claimed by a local service.
 */
public final class ResourceTypes {

  private static final Map<String, String> NOT_EMULATED = new LinkedHashMap<>();

  static {
    String monitoring = "monitoring: no metrics are emitted locally";
    NOT_EMULATED.put("AWS::CloudWatch::Alarm", monitoring);
    NOT_EMULATED.put("AWS::CloudWatch::CompositeAlarm", monitoring);
    NOT_EMULATED.put("AWS::CloudWatch::Dashboard", monitoring);
    NOT_EMULATED.put("AWS::CloudWatch::AnomalyDetector", monitoring);
    String logs = "logs: local engines log to the run, not to CloudWatch Logs";
    NOT_EMULATED.put("AWS::Logs::LogGroup", logs);
    NOT_EMULATED.put("AWS::Logs::LogStream", logs);
    NOT_EMULATED.put("AWS::Logs::MetricFilter", logs);
    NOT_EMULATED.put("AWS::Logs::SubscriptionFilter", logs);
    NOT_EMULATED.put("AWS::Logs::ResourcePolicy", logs);
    NOT_EMULATED.put("AWS::Logs::QueryDefinition", logs);
    // Roles, their policies and the queue, topic and function policies are judged at the call gateway.
    NOT_EMULATED.put("AWS::IAM::InstanceProfile", "access control: no instance runs locally");
    NOT_EMULATED.put("AWS::DynamoDB::ResourcePolicy", "access control: table resource policies are not judged locally");
    String kms = "encryption: local data is kept in memory, unencrypted";
    NOT_EMULATED.put("AWS::KMS::Key", kms);
    NOT_EMULATED.put("AWS::KMS::Alias", kms);
    String tracing = "tracing: X-Ray is not emulated";
    NOT_EMULATED.put("AWS::XRay::Group", tracing);
    NOT_EMULATED.put("AWS::XRay::SamplingRule", tracing);
    NOT_EMULATED.put("AWS::XRay::ResourcePolicy", tracing);
    NOT_EMULATED.put("AWS::CDK::Metadata", "CDK's own usage metadata");
  }

  /**
   * A resource that a local run leaves out, and why.
   *
   * @param resource the resource
   * @param reason why nothing runs it, e.g. "monitoring: no metrics are emitted locally"
   */
  public record NotEmulated(Resource resource, String reason) {}

  /**
   * How a stack's resources split at start.
   *
   * @param claimed resources that a local service runs, dependencies first
   * @param notEmulated resources that need no engine, to be listed once at start
   */
  public record Classification(List<Resource> claimed, List<NotEmulated> notEmulated) {

    /** Copies the lists. */
    public Classification {
      claimed = List.copyOf(claimed);
      notEmulated = List.copyOf(notEmulated);
    }

    /**
     * One line per type left out, with the count and reason, for the start-up log.
     *
     * @return e.g. "AWS::CloudWatch::Alarm x8 (monitoring: no metrics are emitted locally)"
     */
    public List<String> notEmulatedSummary() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      Map<String, String> reasons = new LinkedHashMap<>();
      for (NotEmulated n : notEmulated) {
        counts.merge(n.resource().type(), 1, Integer::sum);
        reasons.put(n.resource().type(), n.reason());
      }
      List<String> lines = new ArrayList<>();
      counts.forEach((type, count) -> lines.add(type + " x" + count + " (" + reasons.get(type) + ")"));
      return lines;
    }
  }

  private ResourceTypes() {}

  /**
   * Why a type needs no local engine, if it needs none.
   *
   * @param type a CloudFormation type
   * @return the reason, or empty when the type must be run by a service
   */
  public static Optional<String> notEmulatedReason(String type) {
    return Optional.ofNullable(NOT_EMULATED.get(type));
  }

  /**
   * The types that need no local engine.
   *
   * @return the type names
   */
  public static Set<String> notEmulatedTypes() {
    return NOT_EMULATED.keySet();
  }

  /**
   * Splits resources into those the services claim and those that need no engine.
   *
   * @param resources the resources that would be created (see {@link TemplateResolver#createdResources()})
   * @param claimedTypes the types that the local services run
   * @return the split
   * @throws AssemblyException naming every resource (logical id and type) that no service claims
   *     and that cannot be left out
   */
  public static Classification classify(Collection<Resource> resources, Set<String> claimedTypes) {
    List<Resource> claimed = new ArrayList<>();
    List<NotEmulated> left = new ArrayList<>();
    List<String> unclaimed = new ArrayList<>();
    for (Resource r : resources) {
      if (claimedTypes.contains(r.type())) {
        claimed.add(r);
      } else if (NOT_EMULATED.containsKey(r.type())) {
        left.add(new NotEmulated(r, NOT_EMULATED.get(r.type())));
      } else {
        unclaimed.add(r.logicalId() + " (" + r.type() + ")");
      }
    }
    if (!unclaimed.isEmpty()) {
      throw new AssemblyException("the local run cannot run " + String.join(", ", unclaimed)
          + ": supported types are " + claimedTypes.stream().sorted().toList()
          + ", and these need no engine: " + NOT_EMULATED.keySet());
    }
    return new Classification(claimed, left);
  }
}
