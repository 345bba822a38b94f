package dev.orderflow.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One statement of a policy, read once and kept in a form that is quick to match.
 *
 * <p>Identity-based statements have no principal; resource-based ones always do (a statement of a
 * resource policy that names no resource applies to the resource the policy is attached to).
 */
final class Statement {

  private final boolean allow;
  private final String label;
  private final List<Wildcard> actions;
  private final boolean notAction;
  private final List<Wildcard> resources;
  private final boolean notResource;
  private final Principals principals;
  private final boolean notPrincipal;
  private final List<Condition> conditions;

  private Statement(boolean allow, String label, List<Wildcard> actions, boolean notAction, List<Wildcard> resources,
      boolean notResource, Principals principals, boolean notPrincipal, List<Condition> conditions) {
    this.allow = allow;
    this.label = label;
    this.actions = actions;
    this.notAction = notAction;
    this.resources = resources;
    this.notResource = notResource;
    this.principals = principals;
    this.notPrincipal = notPrincipal;
    this.conditions = conditions;
  }

  /**
   * Reads every statement of a policy document.
   *
   * @param document the resolved document, {@code {"Statement": ...}}, or a single statement object
   * @param policy names the policy in reasons and warnings, e.g. {@code identity-based policy X (AWS::IAM::Policy)}
   * @param attachedTo for a resource-based policy: the ARN of the resource it is attached to; null for
   *     an identity-based policy
   * @param warn told of what cannot be read (the statement then grants nothing)
   * @return the statements, in document order
   */
  static List<Statement> readDocument(JsonNode document, String policy, String attachedTo, Consumer<String> warn) {
    JsonNode statements = document.has("Statement") ? document.get("Statement")
        : document.has("Effect") ? document : null;
    List<Statement> out = new ArrayList<>();
    if (statements == null) {
      warn.accept(policy + " has no Statement; it grants nothing");
    } else if (statements.isObject()) {
      read(statements, policy + ", statement 1", attachedTo, warn, out);
    } else if (statements.isArray()) {
      int n = 0;
      for (JsonNode s : statements) {
        n++;
        read(s, policy + ", statement " + (s.hasNonNull("Sid") && !s.get("Sid").asText().isEmpty()
            ? "'" + s.get("Sid").asText() + "'" : String.valueOf(n)), attachedTo, warn, out);
      }
    } else {
      warn.accept(policy + " has no Statement; it grants nothing");
    }
    return out;
  }

  private static void read(JsonNode s, String label, String attachedTo, Consumer<String> warn, List<Statement> out) {
    String effect = s.path("Effect").asText("");
    if (!effect.equals("Allow") && !effect.equals("Deny")) {
      warn.accept(label + " has Effect '" + effect + "', which must be Allow or Deny; the statement is ignored");
      return;
    }
    boolean notAction = s.has("NotAction");
    JsonNode actionNode = notAction ? s.get("NotAction") : s.get("Action");
    if (actionNode == null) {
      warn.accept(label + " has neither Action nor NotAction; the statement is ignored");
      return;
    }
    List<Wildcard> actions = new ArrayList<>();
    for (String a : texts(actionNode)) {
      actions.add(Wildcard.ignoringCase(a));
    }
    boolean notResource = s.has("NotResource");
    JsonNode resourceNode = notResource ? s.get("NotResource") : s.get("Resource");
    List<Wildcard> resources = new ArrayList<>();
    if (resourceNode == null) {
      if (attachedTo == null) {
        warn.accept(label + " has neither Resource nor NotResource; the statement is ignored");
        return;
      }
      resources.add(Wildcard.of(attachedTo));
    } else {
      for (String r : texts(resourceNode)) {
        if (Condition.hasPolicyVariable(r)) {
          warn.accept(label + " names resource " + r + ", whose policy variables are not supported locally; "
              + "each variable matches any text");
          r = r.replaceAll("\\$\\{[^}*?$][^}]*}", "*");
        }
        resources.add(Wildcard.of(r.replace("${*}", "*").replace("${?}", "?").replace("${$}", "$")));
      }
    }
    Principals principals = null;
    boolean notPrincipal = false;
    if (attachedTo != null) {
      notPrincipal = s.has("NotPrincipal");
      JsonNode p = notPrincipal ? s.get("NotPrincipal") : s.get("Principal");
      if (p == null) {
        warn.accept(label + " has neither Principal nor NotPrincipal, which a resource-based policy needs; "
            + "the statement is ignored");
        return;
      }
      principals = Principals.read(p, label, warn);
    }
    List<Condition> conditions;
    try {
      conditions = Condition.read(s.get("Condition"));
    } catch (IllegalArgumentException e) {
      warn.accept(label + ": " + e.getMessage() + "; the statement is ignored");
      return;
    }
    out.add(new Statement(effect.equals("Allow"), label, List.copyOf(actions), notAction, List.copyOf(resources),
        notResource, principals, notPrincipal, List.copyOf(conditions)));
  }

  /** A string, number or boolean as one text, or each element of a list. */
  static List<String> texts(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (!node.isNull() && !node.isMissingNode()) {
      out.add(node.asText());
    }
    return out;
  }

  boolean allows() {
    return allow;
  }

  String label() {
    return label;
  }

  /** Whether the statement's principal element names the caller; always true for identity-based statements. */
  boolean names(Caller caller) {
    if (principals == null) {
      return true;
    }
    return notPrincipal != principals.match(caller);
  }

  /** Whether action, resource and conditions apply to the request (the principal aside). */
  boolean applies(String action, String resource, Map<String, String> context,
      Predicate<String> alwaysKnown, Condition.Unknown unknown) {
    if (notAction == anyMatches(actions, action)) {
      return false;
    }
    if (notResource == anyMatches(resources, resource)) {
      return false;
    }
    for (Condition c : conditions) {
      if (!c.holds(context, alwaysKnown, unknown)) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(List<Wildcard> patterns, String value) {
    for (Wildcard w : patterns) {
      if (w.matches(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return label;
  }

  /** The principals a resource-based statement names. */
  static final class Principals {
    private final boolean everyone;
    private final Set<String> services = new HashSet<>();
    private final Set<String> accounts = new HashSet<>();
    private final Set<String> arns = new HashSet<>();

    private Principals(boolean everyone) {
      this.everyone = everyone;
    }

    static Principals read(JsonNode node, String label, Consumer<String> warn) {
      if (node.isTextual()) {
        if (node.asText().equals("*")) {
          return new Principals(true);
        }
        warn.accept(label + " has Principal " + node + "; only \"*\" may be written as a plain string");
        return new Principals(false);
      }
      boolean everyone = false;
      Principals p = new Principals(false);
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        for (String v : texts(e.getValue())) {
          switch (e.getKey()) {
            case "AWS":
              if (v.equals("*")) {
                everyone = true;
              } else if (v.matches("\\d{12}")) {
                p.accounts.add(v);
              } else if (v.matches("arn:[^:]+:iam::\\d{12}:root")) {
                p.accounts.add(v.split(":")[4]);
              } else {
                p.arns.add(v);
              }
              break;
            case "Service":
              p.services.add(v.toLowerCase(Locale.ROOT));
              break;
            default:
              warn.accept(label + " names a " + e.getKey() + " principal (" + v + "), which no local call can be; "
                  + "it matches no caller");
          }
        }
      }
      if (everyone) {
        return new Principals(true);
      }
      return p;
    }

    boolean match(Caller caller) {
      if (everyone) {
        return true;
      }
      if (caller.isService()) {
        return services.contains(caller.principal());
      }
      return accounts.contains(caller.account()) || arns.contains(caller.roleArn()) || arns.contains(caller.principal());
    }
  }
}
