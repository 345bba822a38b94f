package dev.orderflow.local.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

/**
 * CloudFormation-shaped values for resources that no local service registers: names generated
 * from the stack and logical id (or the name the template sets), and ARNs built from them.
 */
final class DefaultReferences implements ResourceReferences {

  private final StackTemplate template;
  private final AwsEnvironment env;
  /** Resolves a name property built from intrinsics, e.g. {@code Fn::Sub}; set by the first resolver. */
  private volatile TemplateResolver resolver;

  DefaultReferences(StackTemplate template, AwsEnvironment env) {
    this.template = template;
    this.env = env;
  }

  @Override
  public Optional<Object> ref(String logicalId) {
    Resource r = template.resources().get(logicalId);
    if (r == null) {
      return Optional.empty();
    }
    Map<String, Object> attrs = attributes(r);
    Object ref = attrs.remove("$ref");
    return Optional.of(ref);
  }

  @Override
  public Optional<Object> getAtt(String logicalId, String attribute) {
    Resource r = template.resources().get(logicalId);
    if (r == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(attributes(r).get(attribute));
  }

  /** The attributes this default knows for a resource's type, for error messages. */
  List<String> knownAttributes(String logicalId) {
    Resource r = template.resources().get(logicalId);
    if (r == null) {
      return List.of();
    }
    Map<String, Object> attrs = attributes(r);
    attrs.remove("$ref");
    return List.copyOf(attrs.keySet());
  }

  private Map<String, Object> attributes(Resource r) {
    Map<String, Object> a = new LinkedHashMap<>();
    String id = r.logicalId();
    switch (r.type()) {
      case "AWS::IAM::Role": {
        String name = name(r, "RoleName", 64);
        a.put("$ref", name);
        a.put("Arn", "arn:" + env.partition() + ":iam::" + env.accountId() + ":role/" + name);
        a.put("RoleId", "AROA" + PhysicalNames.suffix("role/" + id) + "EXAMPLE");
        break;
      }
      case "AWS::IAM::Policy":
        a.put("$ref", name(r, "PolicyName", 128));
        a.put("Id", name(r, "PolicyName", 128));
        break;
      case "AWS::IAM::ManagedPolicy": {
        String arn = "arn:" + env.partition() + ":iam::" + env.accountId() + ":policy/" + name(r, "ManagedPolicyName", 128);
        a.put("$ref", arn);
        a.put("PolicyArn", arn);
        a.put("PolicyId", "ANPA" + PhysicalNames.suffix("policy/" + id));
        break;
      }
      case "AWS::Logs::LogGroup": {
        String name = name(r, "LogGroupName", 512);
        a.put("$ref", name);
        a.put("Arn", env.arn("logs", "log-group:" + name + ":*"));
        break;
      }
      case "AWS::KMS::Key": {
        String keyId = uuid("kms/" + id);
        a.put("$ref", keyId);
        a.put("KeyId", keyId);
        a.put("Arn", env.arn("kms", "key/" + keyId));
        break;
      }
      case "AWS::KMS::Alias":
        a.put("$ref", literal(r, "AliasName").orElse("alias/" + PhysicalNames.generate(template.stackName(), id, 250)));
        break;
      case "AWS::CloudWatch::Alarm": {
        String name = name(r, "AlarmName", 255);
        a.put("$ref", name);
        a.put("Arn", env.arn("cloudwatch", "alarm:" + name));
        break;
      }
      case "AWS::CloudWatch::CompositeAlarm": {
        String name = name(r, "AlarmName", 255);
        a.put("$ref", name);
        a.put("Arn", env.arn("cloudwatch", "alarm:" + name));
        break;
      }
      case "AWS::CloudWatch::Dashboard":
        a.put("$ref", name(r, "DashboardName", 255));
        break;
      case "AWS::SQS::Queue": {
        String name = name(r, "QueueName", 80);
        if (r.property("FifoQueue").asBoolean(false) && !name.endsWith(".fifo")) {
          name = PhysicalNames.generate(template.stackName(), id, 75) + ".fifo";
        }
        String url = "https://sqs." + env.region() + "." + env.urlSuffix() + "/" + env.accountId() + "/" + name;
        a.put("$ref", url);
        a.put("Arn", env.arn("sqs", name));
        a.put("QueueName", name);
        a.put("QueueUrl", url);
        break;
      }
      case "AWS::SNS::Topic": {
        String name = name(r, "TopicName", 256);
        String arn = env.arn("sns", name);
        a.put("$ref", arn);
        a.put("TopicArn", arn);
        a.put("TopicName", name);
        break;
      }
      case "AWS::Lambda::Function": {
        String name = name(r, "FunctionName", 64);
        a.put("$ref", name);
        a.put("Arn", env.arn("lambda", "function:" + name));
        break;
      }
      case "AWS::StepFunctions::StateMachine": {
        String name = name(r, "StateMachineName", 80);
        String arn = env.arn("states", "stateMachine:" + name);
        a.put("$ref", arn);
        a.put("Arn", arn);
        a.put("Name", name);
        break;
      }
      case "AWS::DynamoDB::Table":
      case "AWS::DynamoDB::GlobalTable": {
        String name = name(r, "TableName", 255);
        a.put("$ref", name);
        a.put("Arn", env.arn("dynamodb", "table/" + name));
        a.put("StreamArn", env.arn("dynamodb", "table/" + name + "/stream/1970-01-01T00:00:00.000"));
        break;
      }
      case "AWS::Pipes::Pipe": {
        String name = name(r, "Name", 64);
        a.put("$ref", name);
        a.put("Arn", env.arn("pipes", "pipe/" + name));
        break;
      }
      default:
        a.put("$ref", PhysicalNames.generate(template.stackName(), id));
    }
    return a;
  }

  private String name(Resource r, String nameProperty, int maxLength) {
    return literal(r, nameProperty).orElseGet(() -> PhysicalNames.generate(template.stackName(), r.logicalId(), maxLength));
  }

  void attach(TemplateResolver templateResolver) {
    if (resolver == null) {
      resolver = templateResolver;
    }
  }

  /** A name property the template sets, resolved; absent, CloudFormation generates one. */
  private Optional<String> literal(Resource r, String property) {
    JsonNode value = r.property(property);
    if (!value.isMissingNode() && !value.isTextual() && resolver != null) {
      try {
        value = resolver.property(r.logicalId(), property);
      } catch (AssemblyException e) {
        // A name built from a resource that nothing runs yet: for a resource that nothing runs
        // either, a generated name serves as well (an IAM policy naming a log group, say).
        return Optional.empty();
      }
    }
    return value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private String uuid(String seed) {
    return UUID.nameUUIDFromBytes((template.stackName() + "/" + seed).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
