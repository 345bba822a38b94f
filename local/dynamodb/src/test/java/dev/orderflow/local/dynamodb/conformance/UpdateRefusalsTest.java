package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;

/**
 * How an update is refused when it meets a secondary index's key or a value of another type:
 * what can be known before it runs (a value of a known type, a path inside a key) is refused
 * first, in its own words; what only the item tells is worded for the update. Also a sum in
 * parentheses, and the wording of the legacy AttributeUpdates and of UntagResource.
 *
 * <p>Sources: "Update expressions"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html),
 * UpdateItem and AttributeUpdates
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.AttributeUpdates.html),
 * UntagResource (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html);
 * the messages are the ones real DynamoDB answers.
 */
class UpdateRefusalsTest extends ConformanceSupport {

  /** See {@link ConformanceSupport#tableWithBothIndexes()}. */
  private String table;

  @BeforeAll
  void createIndexedTable() {
    table = tableWithBothIndexes();
    put(table, item("pk", s("p"), "sk", s("s"), "num", n(1), "nums", l(n(1), n(2))));
  }

  private String updateError(String expression, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
    return validationError(() -> ddb.updateItem(r -> {
      r.tableName(table).key(key("p", s("s"))).updateExpression(expression);
      if (!values.isEmpty()) {
        r.expressionAttributeValues(values);
      }
    }));
  }

  @Test
  void aValueOfAKnownTypeForAnIndexKeyIsATypeMismatchBeforeAnythingElse() {
    assertThat(updateError("set extra.a = num add ls :n", values(":n", n(1)))).isEqualTo(
        "One or more parameter values were invalid: Type mismatch for Index Key ls Expected: S Actual: N IndexName: byLocal");
    assertThat(updateError("set ls = num + :n", values(":n", n(1)))).isEqualTo(
        "One or more parameter values were invalid: Type mismatch for Index Key ls Expected: S Actual: N IndexName: byLocal");
  }

  @Test
  void aPathInsideAnIndexKeyIsRefusedBecauseKeysAreScalars() {
    assertThat(updateError("set ls[1] = :n", values(":n", n(1)))).isEqualTo(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ls");
    assertThat(updateError("set extra = ls.a", Map.of())).isEqualTo(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: ls");
  }

  @Test
  void aCopiedValueOfTheWrongTypeForAnIndexKeyIsWordedForTheUpdate() {
    assertThat(updateError("set ls = num", Map.of()))
        .isEqualTo("The update expression attempted to update the secondary index key to unsupported type");
  }

  @Test
  void aSumInParenthesesIsAnOperand() {
    ddb.updateItem(r -> r.tableName(table).key(key("p", s("s"))).updateExpression("set summed = (num + nums[1])"));

    assertThat(get(table, key("p", s("s"))).get("summed")).isEqualTo(n(3));
  }

  @Test
  void aLegacyAddOrDeleteOnAnotherTypeIsATypeMismatchForTheAttribute() {
    String message = validationError(() -> ddb.updateItem(r -> r.tableName(table).key(key("p", s("s")))
        .attributeUpdates(Map.of("num", AttributeValueUpdate.builder().action(AttributeAction.ADD)
            .value(ss("a")).build()))));

    assertThat(message).isEqualTo("Type mismatch for attribute to update");
  }

  @Test
  void untaggingAnUnknownTableNamesNoArn() {
    String arn = describe(table).tableArn() + "-gone";

    var e = failure("ResourceNotFoundException", () -> ddb.untagResource(r -> r.resourceArn(arn).tagKeys("a")));

    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
  }
}
