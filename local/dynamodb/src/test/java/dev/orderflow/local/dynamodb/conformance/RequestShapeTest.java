package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * How DynamoDB refuses a malformed request, checked on the wire: first the JSON type of every
 * member (SerializationException), then each member's constraints, all of them in one
 * ValidationException ("N validation errors detected: ...; ..."), and only then the table.
 *
 * <p>Sources: the API reference's request syntax and constraints of each operation
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html),
 * "Common Errors" (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html)
 * for SerializationException and ValidationException, and the wording that DynamoDB answers, as
 * the AWS SDKs' issue trackers quote it.
 */
class RequestShapeTest extends ConformanceSupport {

  private final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, String type, String message, String body) {}

  private Answer post(String operation, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(engine.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Authorization", SIGNATURE).header("X-Amz-Date", SIGNED_AT)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    String type = json.path("__type").asText("");
    return new Answer(response.statusCode(), type.substring(type.indexOf('#') + 1), json.has("Message") ? json.get("Message").asText()
        : json.path("message").asText(null),
        response.body());
  }

  // ---------------------------------------------------------------- SerializationException

  @Test
  void aNumberWhereAStringIsDueIsASerializationException() throws Exception {
    Answer answer = post("DescribeTable", "{\"TableName\": 42}");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.message()).isEqualTo("NUMBER_VALUE cannot be converted to String");
    assertThat(answer.body()).contains("\"Message\"");
  }

  @Test
  void aBooleanForLimitIsASerializationException() throws Exception {
    Answer answer = post("ListTables", "{\"Limit\": true}");

    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.message()).isEqualTo("TRUE_VALUE cannot be converted to Integer");
  }

  @Test
  void anObjectWhereAListIsDueIsASerializationException() throws Exception {
    Answer answer = post("GetItem", "{\"TableName\": \"t-missing\", \"Key\": {\"pk\": {\"S\": \"a\"}}, "
        + "\"AttributesToGet\": {\"a\": 1}}");

    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.message()).isEqualTo("Start of structure or map found where not expected");
  }

  @Test
  void aListWhereAStructureIsDueIsASerializationException() throws Exception {
    Answer answer = post("PutItem", "{\"TableName\": \"t-missing\", \"Item\": []}");

    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.message()).isEqualTo(
        "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
  }

  @Test
  void aStringWhereAListIsDueIsASerializationException() throws Exception {
    Answer answer = post("BatchGetItem", "{\"RequestItems\": {\"t-missing\": {\"Keys\": \"k\"}}}");

    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.message()).isEqualTo("Unexpected field type");
  }

  @Test
  void aWrongTypeInsideAnAttributeValueIsASerializationException() throws Exception {
    Answer answer = post("PutItem", "{\"TableName\": \"t-missing\", \"Item\": {\"pk\": {\"S\": 5}}}");

    assertThat(answer.type()).isEqualTo("SerializationException");
  }

  @Test
  void aNullLimitReadsAsAbsentNotAsZero() throws Exception {
    Answer answer = post("ListTables", "{\"Limit\": null}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("TableNames");
  }

  @Test
  void aBodyThatIsNotJsonIsASerializationException() throws Exception {
    Answer answer = post("ListTables", "{\"Limit\": ");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.type()).isEqualTo("SerializationException");
    assertThat(answer.body()).doesNotContain("java.", "jackson", "Exception:");
  }

  // ---------------------------------------------------------------- constraints, several at once

  @Test
  void aMissingRequiredMemberIsNamedInDynamoDbsWords() throws Exception {
    Answer answer = post("Scan", "{}");
    Answer tableOperation = post("DescribeTable", "{}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).isEqualTo(
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    // The table operations check their TableName first, in words of their own.
    assertThat(tableOperation.message()).isEqualTo(
        "The parameter 'TableName' is required but was not present in the request");
  }

  @Test
  void everyViolatedConstraintIsListedInOneAnswer() throws Exception {
    Answer answer = post("PutItem", "{\"TableName\": \"\", \"Item\": {\"pk\": {\"S\": \"a\"}}, "
        + "\"ReturnValues\": \"INVALID\"}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).isEqualTo("3 validation errors detected: "
        + "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: "
        + "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
        + "Value '' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
        + "[a-zA-Z0-9_.-]+; "
        + "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
  }

  @Test
  void nestedMembersAreNamedByTheirPath() throws Exception {
    Answer answer = post("CreateTable", "{\"TableName\": \"shapes\", \"BillingMode\": \"PAY_PER_REQUEST\", "
        + "\"AttributeDefinitions\": [{\"AttributeName\": \"pk\", \"AttributeType\": \"X\"}], "
        + "\"KeySchema\": [{\"AttributeName\": \"pk\", \"KeyType\": \"HASH\"}]}");

    assertThat(answer.message()).isEqualTo("1 validation error detected: Value 'X' at "
        + "'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: "
        + "Member must satisfy enum value set: [B, N, S]");
  }

  @Test
  void aLimitBelowOneIsAConstraintViolation() throws Exception {
    Answer answer = post("Query", "{\"TableName\": \"t-missing\", \"Limit\": 0, "
        + "\"KeyConditionExpression\": \"pk = :p\", \"ExpressionAttributeValues\": {\":p\": {\"S\": \"a\"}}}");

    assertThat(answer.message()).isEqualTo("1 validation error detected: Value '0' at 'limit' failed to satisfy "
        + "constraint: Member must have value greater than or equal to 1");
  }

  @Test
  void aBatchWriteOfMoreThanTwentyFiveRequestsIsAConstraintViolation() throws Exception {
    StringBuilder writes = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      writes.append(i == 0 ? "" : ",").append("{\"DeleteRequest\": {\"Key\": {\"pk\": {\"S\": \"k").append(i).append("\"}}}}");
    }

    Answer answer = post("BatchWriteItem", "{\"RequestItems\": {\"t-missing\": [" + writes + "]}}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    // The list's length is a constraint on the whole map's values, reported once for the map.
    assertThat(answer.message()).startsWith("1 validation error detected: Value '{t-missing=[")
        .endsWith("at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
            + "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]");
  }

  @Test
  void batchTableNamesAreOneConstraintOnTheWholeMap() throws Exception {
    Answer answer = post("BatchGetItem", "{\"RequestItems\": {\"a\": {\"Keys\": []}}}");

    assertThat(answer.message()).isEqualTo("2 validation errors detected: Value '{a={Keys=[]}}' at 'requestItems' "
        + "failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal "
        + "to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: "
        + "[a-zA-Z0-9_.-]+]; Value '[]' at 'requestItems.a.member.keys' failed to satisfy constraint: Member must have "
        + "length greater than or equal to 1");
  }

  // ---------------------------------------------------------------- before the table

  @Test
  void aMalformedRequestOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("GetItem", "{\"TableName\": \"t-missing\", \"Key\": {\"pk\": {\"S\": \"a\"}}, "
        + "\"ReturnConsumedCapacity\": \"ALL\"}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).contains("'returnConsumedCapacity'", "[INDEXES, TOTAL, NONE]");
  }

  @Test
  void anExpressionSyntaxErrorOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("UpdateItem", "{\"TableName\": \"t-missing\", \"Key\": {\"pk\": {\"S\": \"a\"}}, "
        + "\"UpdateExpression\": \"SET\"}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).startsWith("Invalid UpdateExpression: Syntax error");
  }

  @Test
  void aWellFormedRequestOnAMissingTableIsNotFound() throws Exception {
    Answer answer = post("GetItem", "{\"TableName\": \"t-missing\", \"Key\": {\"pk\": {\"S\": \"a\"}}}");
    Answer described = post("DescribeTable", "{\"TableName\": \"t-missing\"}");

    // Item operations answer the bare message, table operations name the table.
    assertThat(answer.type()).isEqualTo("ResourceNotFoundException");
    assertThat(answer.message()).isEqualTo("Requested resource not found");
    assertThat(described.message()).isEqualTo("Requested resource not found: Table: t-missing not found");
  }

  @Test
  void anUnknownMemberIsIgnored() throws Exception {
    Answer answer = post("ListTables", "{\"NoSuchMember\": {\"x\": [1, 2]}}");

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void aQueryWithABadFilterOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("Query", "{\"TableName\": \"t-missing\", \"KeyConditionExpression\": \"pk = :p\", "
        + "\"FilterExpression\": \"a = \", \"ExpressionAttributeValues\": {\":p\": {\"S\": \"a\"}}}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).startsWith("Invalid FilterExpression: Syntax error");
  }

  @Test
  void aScanWithAnUnusedValueOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("Scan", "{\"TableName\": \"t-missing\", "
        + "\"ExpressionAttributeValues\": {\":unused\": {\"S\": \"a\"}}}");

    assertThat(answer.type()).isEqualTo("ValidationException");
  }

  @Test
  void aBatchGetWithAnInvalidKeyValueOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("BatchGetItem", "{\"RequestItems\": {\"t-missing\": {\"Keys\": [{\"pk\": {}}]}}}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).contains("Supplied AttributeValue is empty");
  }

  @Test
  void aTableNameNoTableCanHaveIsAValidationErrorNotAMissingTable() throws Exception {
    Answer answer = post("Scan", "{\"TableName\": \"a!\"}");
    Answer tableOperation = post("DescribeTable", "{\"TableName\": \"a!\"}");

    assertThat(tableOperation.message()).isEqualTo(
        "TableName must be at least 3 characters long and at most 255 characters long");
    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).isEqualTo("2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy "
        + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value 'a!' at 'tableName' "
        + "failed to satisfy constraint: Member must have length greater than or equal to 3");
  }

  @Test
  void aTransactionWithAMalformedActionAfterOneOnAMissingTableIsAValidationError() throws Exception {
    Answer answer = post("TransactWriteItems", "{\"TransactItems\": ["
        + "{\"Put\": {\"TableName\": \"t-missing\", \"Item\": {\"pk\": {\"S\": \"a\"}}}},"
        + "{\"Update\": {\"TableName\": \"t-missing\", \"Key\": {\"pk\": {\"S\": \"b\"}}, "
        + "\"UpdateExpression\": \"SET a = :undefined\"}}]}");

    assertThat(answer.type()).isEqualTo("ValidationException");
    assertThat(answer.message()).contains(":undefined");
  }
}
