package dev.orderflow.local.iam;

import dev.orderflow.local.assembly.LocalService;
import dev.orderflow.local.assembly.Provisioning;
import dev.orderflow.local.gateway.AccessPolicy;
import dev.orderflow.local.gateway.CallGateway;
import dev.orderflow.local.gateway.Caller;
import dev.orderflow.local.gateway.IamMode;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The template's IAM: roles and their policies, managed policies, and the resource policies of
 * queues, topics and functions. Provisioned last, once every resource's ARN is known, it reads
 * them all and makes them the gateway's judge.
 */
public final class LocalPolicies implements LocalService {

  /** The resource types it reads. */
  public static final Set<String> TYPES = Set.of("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
      "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::Lambda::Permission");

  private final CallGateway gateway;
  private final IamMode mode;
  private final Consumer<String> output;

  /**
   * Policies that judge the calls of a gateway.
   *
   * @param gateway the gateway
   * @param mode whether the policies are read at all ({@link IamMode#OFF}: not)
   * @param output where the line for a condition the local system cannot judge goes, once
   */
  public LocalPolicies(CallGateway gateway, IamMode mode, Consumer<String> output) {
    this.gateway = gateway;
    this.mode = mode;
    this.output = output;
  }

  @Override
  public Set<String> resourceTypes() {
    return TYPES;
  }

  @Override
  public void provision(Provisioning stack) {
    if (mode == IamMode.OFF) {
      return;
    }
    StackPolicies policies = StackPolicies.read(stack.resolver(), line -> output.accept("iam: " + line));
    gateway.policy((caller, action, resource) -> {
      AccessDecision decision = policies.decide(request(caller, action, resource));
      return decision.allowed() ? AccessPolicy.Verdict.ALLOWED : AccessPolicy.Verdict.denied(decision.message());
    });
  }

  private static AccessRequest request(Caller caller, String action, String resource) {
    boolean service = caller.principal().endsWith(".amazonaws.com") && !caller.principal().startsWith("arn:");
    if (service && caller.sourceArn() != null) {
      return AccessRequest.fromService(caller.principal(), caller.sourceArn(), action, resource);
    }
    AccessRequest request = AccessRequest.of(caller.principal(), action, resource);
    return caller.sourceArn() == null ? request : request.with("aws:SourceArn", caller.sourceArn());
  }

  @Override
  public void close() {
    // Nothing runs: the policies are read once.
  }
}
