package dev.orderflow.local.iam;

import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.TemplateResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * All the IAM policies of a stack, read from its resolved template, and the decisions AWS would
 * make with them for calls within the stack's account.
 *
 * <p>Identity-based policies ({@code AWS::IAM::Role} inline policies and managed policy ARNs,
 * {@code AWS::IAM::Policy}, {@code AWS::IAM::ManagedPolicy}, {@code AWS::IAM::RolePolicy}, the
 * common AWS managed policies) apply when the principal is the role or a session of it.
 * Resource-based policies ({@code AWS::SQS::QueuePolicy}, {@code AWS::SNS::TopicPolicy},
 * {@code AWS::Lambda::Permission}, {@code AWS::Events::EventBusPolicy} and their inline forms) apply
 * to the resource they are attached to and to what lies below it ({@code table/T/index/I},
 * {@code function:F:alias}).
 *
 * <p>As within one account: a statement that denies wins; otherwise a statement that allows,
 * identity-based or resource-based (naming the principal), allows; otherwise the call is denied.
 * Decisions are remembered, so asking twice costs a map look-up. Safe for use by many threads.
 */
public final class StackPolicies {

  private static final System.Logger LOG = System.getLogger(StackPolicies.class.getName());
  /** Decisions remembered before the memory starts again. */
  private static final int CACHE_LIMIT = 100_000;
  /** Keys the engine always knows: absent from a request, they are absent, not unknown. */
  private static final Set<String> ALWAYS_KNOWN = Set.of("aws:securetransport", "aws:principalaccount",
      "aws:principalarn", "aws:principaltype", "aws:principalservicename", "aws:principalisawsservice");

  private final AwsEnvironment environment;
  private final Map<String, List<Statement>> identity;
  private final Map<String, List<Statement>> resourceBased;
  private final Map<String, String> roleArnByName;
  private final Set<String> roles;
  private final Consumer<String> log;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final Map<AccessRequest, AccessDecision> decisions = new ConcurrentHashMap<>();

  private StackPolicies(AwsEnvironment environment, PolicyReader.Policies policies, Consumer<String> log) {
    this.environment = environment;
    this.identity = policies.identity();
    this.resourceBased = policies.resourceBased();
    this.roleArnByName = policies.roleArnByName();
    this.roles = Set.copyOf(roleArnByName.values());
    this.log = log;
  }

  /**
   * Reads every policy of the resources the template creates; warnings go to the
   * {@link System.Logger} of this class.
   *
   * @param resolver the stack's resolver
   * @return the policies; a policy, or a statement of one, that cannot be resolved locally (it names a
   *     resource that nothing here runs, say) is reported and left out
   */
  public static StackPolicies read(TemplateResolver resolver) {
    return read(resolver, message -> LOG.log(System.Logger.Level.WARNING, message));
  }

  /**
   * Reads every policy of the resources the template creates.
   *
   * @param resolver the stack's resolver
   * @param log told, once each, of what is not judged as AWS would: an AWS managed policy whose
   *     permissions are not known here (it grants nothing), a condition key the engine cannot know
   *     for a call (the condition is treated as met), an unsupported operator, a statement that
   *     cannot be resolved (it is left out)
   * @return the policies; a policy, or a statement of one, that cannot be resolved locally (it names a
   *     resource that nothing here runs, say) is reported and left out
   */
  public static StackPolicies read(TemplateResolver resolver, Consumer<String> log) {
    Set<String> once = ConcurrentHashMap.newKeySet();
    Consumer<String> warnOnce = message -> {
      if (once.add(message)) {
        log.accept(message);
      }
    };
    return new StackPolicies(resolver.environment(), PolicyReader.read(resolver, warnOnce), log);
  }

  /**
   * The roles the template defines.
   *
   * @return their ARNs, sorted
   */
  public Set<String> roleArns() {
    return new TreeSet<>(roleArnByName.values());
  }

  /**
   * Whether AWS would allow a call.
   *
   * @param request the call
   * @return the decision, naming the statement that decided
   * @throws IllegalArgumentException when the principal is not a role, session, user, account or
   *     service principal
   */
  public AccessDecision decide(AccessRequest request) {
    AccessDecision known = decisions.get(request);
    if (known != null) {
      return known;
    }
    AccessDecision decision = evaluate(request);
    if (decisions.size() >= CACHE_LIMIT) {
      decisions.clear();
    }
    decisions.put(request, decision);
    return decision;
  }

  private AccessDecision evaluate(AccessRequest request) {
    Caller caller = caller(request.principal());
    Map<String, String> context = context(caller, request.context());
    String action = request.action();
    String resource = request.resource();
    Statement identityAllow = null;
    Statement resourceAllow = null;

    List<Statement> own = caller.roleArn() == null ? null : identity.get(caller.roleArn());
    if (own != null) {
      for (Statement s : own) {
        if (s.applies(action, resource, context, ALWAYS_KNOWN::contains, unknownFor(s))) {
          if (!s.allows()) {
            return decision(AccessDecision.Outcome.EXPLICIT_DENY, request, "denied by " + s.label());
          }
          if (identityAllow == null) {
            identityAllow = s;
          }
        }
      }
    }
    for (List<Statement> attached : attachedTo(resource)) {
      for (Statement s : attached) {
        if (s.names(caller) && s.applies(action, resource, context, ALWAYS_KNOWN::contains, unknownFor(s))) {
          if (!s.allows()) {
            return decision(AccessDecision.Outcome.EXPLICIT_DENY, request, "denied by " + s.label());
          }
          if (resourceAllow == null) {
            resourceAllow = s;
          }
        }
      }
    }
    // Assuming a role takes its trust policy's consent; a grant of the caller's own is not enough.
    boolean trustDecides = action.regionMatches(true, 0, "sts:", 0, 4) && roles.contains(resource);
    Statement allowedBy = trustDecides ? resourceAllow : identityAllow != null ? identityAllow : resourceAllow;
    if (allowedBy != null) {
      return decision(AccessDecision.Outcome.ALLOW, request, "allowed by " + allowedBy.label());
    }
    if (trustDecides) {
      return decision(AccessDecision.Outcome.IMPLICIT_DENY, request, AccessDecision.NO_STATEMENT
          + " (the trust policy of the role does not name the caller)");
    }
    if (caller.kind() == Caller.Kind.ACCOUNT_ROOT && environment.accountId().equals(caller.account())) {
      return decision(AccessDecision.Outcome.ALLOW, request, "allowed to the account's root user");
    }
    String why = AccessDecision.NO_STATEMENT;
    if (own == null && caller.roleName() != null) {
      why += " (the template defines no role named " + caller.roleName() + ")";
    }
    return decision(AccessDecision.Outcome.IMPLICIT_DENY, request, why);
  }

  private static AccessDecision decision(AccessDecision.Outcome outcome, AccessRequest request, String reason) {
    return new AccessDecision(outcome, request.principal(), request.action(), request.resource(), reason);
  }

  /** The caller, with a role of the template named by its ARN as the template gives it (path included). */
  private Caller caller(String principal) {
    Caller c = Caller.of(principal, environment.partition());
    if (c.roleName() != null && environment.accountId().equals(c.account())) {
      String arn = roleArnByName.get(c.roleName());
      if (arn != null && !arn.equals(c.roleArn())) {
        return new Caller(c.kind(), c.principal(), c.account(), arn, c.roleName());
      }
    }
    return c;
  }

  /** The request context with lower-case keys: what the engine knows, then what the caller says. */
  private static Map<String, String> context(Caller caller, Map<String, String> given) {
    Map<String, String> context = new HashMap<>();
    context.put("aws:securetransport", "true");
    if (caller.isService()) {
      context.put("aws:principalservicename", caller.principal());
      context.put("aws:principalisawsservice", "true");
    } else {
      context.put("aws:principalaccount", caller.account());
      context.put("aws:principalarn", caller.roleArn());
      context.put("aws:principaltype", caller.principalType());
      context.put("aws:principalisawsservice", "false");
    }
    given.forEach((k, v) -> context.put(k.toLowerCase(Locale.ROOT), v));
    return context;
  }

  /** The resource-based statements of the resource and of what it lies below, nearest first. */
  private List<List<Statement>> attachedTo(String resource) {
    if (resourceBased.isEmpty()) {
      return List.of();
    }
    List<List<Statement>> found = new ArrayList<>(1);
    String arn = resource;
    while (true) {
      List<Statement> statements = resourceBased.get(arn);
      if (statements != null) {
        found.add(statements);
      }
      int cut = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
      // Never shorter than the six parts of an ARN: arn:partition:service:region:account:resource
      if (cut < 0 || arn.substring(0, cut).split(":", -1).length < 6) {
        return found;
      }
      arn = arn.substring(0, cut);
    }
  }

  private Condition.Unknown unknownFor(Statement statement) {
    return (what, why) -> {
      String message = statement.label() + ": " + why + "; the condition is treated as met";
      if (reported.add(message)) {
        log.accept(message);
      }
    };
  }
}
