package dev.orderflow.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import dev.orderflow.local.assembly.AwsEnvironment;
import dev.orderflow.local.assembly.Resource;
import dev.orderflow.local.assembly.TemplateResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads every policy of a resolved template: which statements apply to each role (identity-based)
 * and to each resource (resource-based).
 */
final class PolicyReader {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What a template grants. */
  record Policies(Map<String, List<Statement>> identity, Map<String, List<Statement>> resourceBased,
      Map<String, String> roleArnByName) {}

  private final TemplateResolver resolver;
  private final AwsEnvironment env;
  private final Consumer<String> warn;
  private final Map<String, List<Statement>> identity = new LinkedHashMap<>();
  private final Map<String, List<Statement>> resourceBased = new LinkedHashMap<>();
  private final Map<String, String> roleArnByName = new LinkedHashMap<>();
  /** The template's own managed policies by ARN, read before the roles that attach them. */
  private final Map<String, List<Statement>> managed = new HashMap<>();
  private final Map<String, String> queueArnByUrl = new HashMap<>();

  private PolicyReader(TemplateResolver resolver, Consumer<String> warn) {
    this.resolver = resolver;
    this.env = resolver.environment();
    this.warn = warn;
  }

  static Policies read(TemplateResolver resolver, Consumer<String> warn) {
    PolicyReader reader = new PolicyReader(resolver, warn);
    List<Resource> resources = resolver.createdResources();
    for (Resource r : resources) {
      reader.guarded(r, reader::first);
    }
    for (Resource r : resources) {
      reader.guarded(r, reader::second);
    }
    return new Policies(freeze(reader.identity), freeze(reader.resourceBased), Map.copyOf(reader.roleArnByName));
  }

  private static Map<String, List<Statement>> freeze(Map<String, List<Statement>> map) {
    Map<String, List<Statement>> out = new HashMap<>();
    map.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return Map.copyOf(out);
  }

  /**
   * Reads one resource; one that cannot be resolved locally (it names a resource nothing here runs,
   * say) is reported and left out, rather than stopping the whole stack.
   */
  private void guarded(Resource r, Consumer<Resource> step) {
    try {
      step.accept(r);
    } catch (AssemblyException | IllegalArgumentException e) {
      warn.accept(r.type() + " " + r.logicalId() + " cannot be read locally (" + e.getMessage()
          + "); the policies it holds or attaches are left out");
    }
  }

  /** Names and ARNs that the policies refer to: roles, queues, the template's managed policies. */
  private void first(Resource r) {
    String id = r.logicalId();
    switch (r.type()) {
      case "AWS::IAM::Role": {
        String arn = attribute(id, "Arn");
        roleArnByName.put(ref(id), arn);
        identity.putIfAbsent(arn, new ArrayList<>());
        break;
      }
      case "AWS::SQS::Queue":
        queueArnByUrl.put(ref(id), attribute(id, "Arn"));
        break;
      case "AWS::IAM::ManagedPolicy":
        managed.put(ref(id), Statement.readDocument(document(id, "PolicyDocument"),
            identityLabel(id, r.type()), null, warn));
        break;
      default:
        break;
    }
  }

  private void second(Resource r) {
    String id = r.logicalId();
    String type = r.type();
    switch (type) {
      case "AWS::IAM::Role":
        readRole(id);
        break;
      case "AWS::IAM::Policy": {
        List<Statement> statements = Statement.readDocument(document(id, "PolicyDocument"),
            identityLabel(id, type), null, warn);
        for (String role : Statement.texts(resolver.property(id, "Roles"))) {
          grant(role, statements);
        }
        warnOfUsersAndGroups(id);
        break;
      }
      case "AWS::IAM::RolePolicy":
        grant(resolver.property(id, "RoleName").asText(), Statement.readDocument(
            document(id, "PolicyDocument"), identityLabel(id, type), null, warn));
        break;
      case "AWS::IAM::ManagedPolicy":
        for (String role : Statement.texts(resolver.property(id, "Roles"))) {
          grant(role, managed.get(ref(id)));
        }
        warnOfUsersAndGroups(id);
        break;
      case "AWS::SQS::QueuePolicy": {
        JsonNode document = document(id, "PolicyDocument");
        for (String url : Statement.texts(resolver.property(id, "Queues"))) {
          attach(queueArn(url), document, resourceLabel(id, type));
        }
        break;
      }
      case "AWS::SQS::QueueInlinePolicy":
        attach(queueArn(resolver.property(id, "Queue").asText()), document(id, "PolicyDocument"),
            resourceLabel(id, type));
        break;
      case "AWS::SNS::TopicPolicy": {
        JsonNode document = document(id, "PolicyDocument");
        for (String topic : Statement.texts(resolver.property(id, "Topics"))) {
          attach(topic, document, resourceLabel(id, type));
        }
        break;
      }
      case "AWS::SNS::TopicInlinePolicy":
        attach(resolver.property(id, "TopicArn").asText(), document(id, "PolicyDocument"),
            resourceLabel(id, type));
        break;
      case "AWS::Lambda::Permission":
        readPermission(id, type);
        break;
      case "AWS::Events::EventBusPolicy":
        readEventBusPolicy(id, type);
        break;
      default:
        break;
    }
  }

  private void readRole(String id) {
    String roleArn = attribute(id, "Arn");
    List<Statement> statements = identity.get(roleArn);
    JsonNode trust = document(id, "AssumeRolePolicyDocument");
    if (trust.has("Statement")) {
      // Who may assume the role: the role's own resource-based policy.
      attach(roleArn, trust, "resource-based policy " + id + " (trust policy of AWS::IAM::Role)");
    }
    JsonNode inline = resolver.template().resource(id).property("Policies");
    for (JsonNode p : inline.isArray() ? inline : NODES.arrayNode()) {
      statements.addAll(Statement.readDocument(document(id, "Policies", p.path("PolicyDocument")), "identity-based policy "
          + p.path("PolicyName").asText("(unnamed)") + " (inline in AWS::IAM::Role " + id + ")", null, warn));
    }
    for (String arn : Statement.texts(resolver.property(id, "ManagedPolicyArns"))) {
      List<Statement> own = managed.get(arn);
      if (own != null) {
        statements.addAll(own);
      } else if (AwsManagedPolicies.isAwsManaged(arn)) {
        statements.addAll(awsManaged(arn, id));
      } else {
        warn.accept("AWS::IAM::Role " + id + " attaches managed policy " + arn + ", which is not in the template; "
            + "locally it grants nothing");
      }
    }
    if (!resolver.property(id, "PermissionsBoundary").isMissingNode()) {
      warn.accept("AWS::IAM::Role " + id + " has a PermissionsBoundary, which is not enforced locally; its policies "
          + "alone decide");
    }
  }

  private List<Statement> awsManaged(String arn, String roleId) {
    String name = arn.substring(arn.indexOf(":policy/") + ":policy/".length());
    return AwsManagedPolicies.actions(arn).map(actions -> {
      ObjectNode statement = NODES.objectNode().put("Effect", "Allow").put("Resource", "*");
      actions.forEach(statement.putArray("Action")::add);
      return Statement.readDocument(statement, "identity-based policy " + name + " (AWS managed)", null, warn);
    }).orElseGet(() -> {
      warn.accept("AWS::IAM::Role " + roleId + " attaches the AWS managed policy " + name
          + ", whose permissions are not known locally; locally it grants nothing");
      return List.of();
    });
  }

  private void grant(String roleNameOrArn, List<Statement> statements) {
    String name = roleNameOrArn.startsWith("arn:")
        ? roleNameOrArn.substring(roleNameOrArn.lastIndexOf('/') + 1) : roleNameOrArn;
    String arn = roleArnByName.getOrDefault(name, "arn:" + env.partition() + ":iam::" + env.accountId() + ":role/" + name);
    identity.computeIfAbsent(arn, k -> new ArrayList<>()).addAll(statements);
  }

  private void warnOfUsersAndGroups(String id) {
    for (String property : List.of("Users", "Groups")) {
      if (!resolver.property(id, property).isMissingNode()) {
        warn.accept(id + " also applies to " + property.toLowerCase() + ", which make no calls locally; only its "
            + "roles are judged");
      }
    }
  }

  private void attach(String resourceArn, JsonNode document, String label) {
    resourceBased.computeIfAbsent(resourceArn, k -> new ArrayList<>())
        .addAll(Statement.readDocument(document, label, resourceArn, warn));
  }

  /** A queue's ARN from its URL: the template's queues first, else the URL's account and name. */
  private String queueArn(String url) {
    String known = queueArnByUrl.get(url);
    if (known != null || url.startsWith("arn:")) {
      return known != null ? known : url;
    }
    String[] path = url.replaceAll("/+$", "").split("/");
    if (path.length < 2) {
      throw new IllegalArgumentException("queue URL " + url + " does not end in /ACCOUNT/NAME");
    }
    return "arn:" + env.partition() + ":sqs:" + env.region() + ":" + path[path.length - 2] + ":" + path[path.length - 1];
  }

  /** An {@code AWS::Lambda::Permission} is one statement of the function's resource-based policy. */
  private void readPermission(String id, String type) {
    ObjectNode p = resolver.properties(id);
    String function = p.path("FunctionName").asText();
    String functionArn = function.startsWith("arn:") ? function
        : function.contains(":function:") ? "arn:" + env.partition() + ":lambda:" + env.region() + ":" + function
        : env.arn("lambda", "function:" + function);
    String principal = p.path("Principal").asText();
    ObjectNode statement = NODES.objectNode().put("Effect", "Allow").put("Action", p.path("Action").asText())
        .put("Resource", functionArn);
    if (principal.equals("*")) {
      statement.put("Principal", "*");
    } else {
      statement.putObject("Principal").put(principal.contains(".amazonaws.com") ? "Service" : "AWS", principal);
    }
    ObjectNode condition = NODES.objectNode();
    if (p.has("SourceArn")) {
      object(condition, "ArnLike").put("aws:SourceArn", p.get("SourceArn").asText());
    }
    if (p.has("SourceAccount")) {
      object(condition, "StringEquals").put("aws:SourceAccount", p.get("SourceAccount").asText());
    }
    if (p.has("PrincipalOrgID")) {
      object(condition, "StringEquals").put("aws:PrincipalOrgID", p.get("PrincipalOrgID").asText());
    }
    if (p.has("FunctionUrlAuthType")) {
      object(condition, "StringEquals").put("lambda:FunctionUrlAuthType", p.get("FunctionUrlAuthType").asText());
    }
    if (condition.size() > 0) {
      statement.set("Condition", condition);
    }
    attach(functionArn, statement, resourceLabel(id, type));
  }

  private void readEventBusPolicy(String id, String type) {
    ObjectNode p = resolver.properties(id);
    String bus = p.path("EventBusName").asText("default");
    String busArn = bus.startsWith("arn:") ? bus : env.arn("events", "event-bus/" + bus);
    JsonNode statement = p.get("Statement");
    if (statement == null) {
      // The older form: an account (or "*") may put events, optionally under one condition.
      ObjectNode written = NODES.objectNode().put("Effect", "Allow").put("Action", p.path("Action").asText("events:PutEvents"));
      String principal = p.path("Principal").asText("*");
      if (principal.equals("*")) {
        written.put("Principal", "*");
      } else {
        written.putObject("Principal").put("AWS", principal);
      }
      JsonNode c = p.get("Condition");
      if (c != null && c.has("Key")) {
        written.putObject("Condition").putObject(c.path("Type").asText("StringEquals"))
            .put(c.get("Key").asText(), c.path("Value").asText());
      }
      statement = written;
    }
    attach(busArn, statement, resourceLabel(id, type));
  }

  /** A policy document, resolved; a statement that cannot be resolved locally is reported and left out. */
  private JsonNode document(String id, String property) {
    return document(id, property, resolver.template().resource(id).property(property));
  }

  private JsonNode document(String id, String property, JsonNode raw) {
    try {
      return resolver.resolve(id, property, raw);
    } catch (AssemblyException whole) {
      JsonNode statements = raw.path("Statement");
      if (!statements.isArray()) {
        throw whole;
      }
      ObjectNode kept = NODES.objectNode();
      ArrayNode list = kept.putArray("Statement");
      int n = 0;
      for (JsonNode statement : statements) {
        n++;
        try {
          list.add(resolver.resolve(id, property, statement));
        } catch (AssemblyException e) {
          warn.accept(id + " " + property + " statement " + n + " cannot be resolved locally (" + e.getMessage()
              + "); it is left out");
        }
      }
      return kept;
    }
  }

  private String ref(String logicalId) {
    return resolver.resolve(logicalId, "Ref", NODES.objectNode().put("Ref", logicalId)).asText();
  }

  private String attribute(String logicalId, String name) {
    ObjectNode getAtt = NODES.objectNode();
    getAtt.putArray("Fn::GetAtt").add(logicalId).add(name);
    return resolver.resolve(logicalId, name, getAtt).asText();
  }

  private static String identityLabel(String id, String type) {
    return "identity-based policy " + id + " (" + type + ")";
  }

  private static String resourceLabel(String id, String type) {
    return "resource-based policy " + id + " (" + type + ")";
  }

  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
  }
}
