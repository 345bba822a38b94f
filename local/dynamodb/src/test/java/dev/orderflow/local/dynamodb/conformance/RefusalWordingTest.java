package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The exact answers DynamoDB gives to bad requests, case by case on the wire: the JSON reader's
 * SerializationException for each wrong type in each place, the order of its checks (the shape,
 * then every constraint, then the checks across members, then the table), and the wording of its
 * semantic refusals.
 *
 * <p>Sources: "Common Errors" and "Error handling with DynamoDB"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html), each
 * operation's page of the API reference for its members' constraints
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html),
 * the legacy conditional parameters' pages
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/LegacyConditionalParameters.html),
 * and the answers real DynamoDB gives, as published test suites recorded against it quote them.
 * Where a message is DynamoDB's JSON reader's, it is written with a capital {@code Message}, as
 * DynamoDB writes it.
 */
class RefusalWordingTest extends ConformanceSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "wording-orders";
  private final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, String type, String message) {}

  @BeforeAll
  void createTable() {
    ddb.createTable(request -> request.tableName(TABLE)
        .attributeDefinitions(attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.N))
        .keySchema(hashKey("pk"), rangeKey("sk"))
        .billingMode("PAY_PER_REQUEST"));
  }

  private Answer post(String operation, String body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(engine.endpoint())
        .header("Content-Type", "application/x-amz-json-1.0")
        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
        .header("Authorization", SIGNATURE).header("X-Amz-Date", SIGNED_AT)
        .POST(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    String type = json.path("__type").asText("");
    JsonNode message = json.has("Message") ? json.get("Message") : json.get("message");
    return new Answer(response.statusCode(), type.substring(type.indexOf('#') + 1),
        message == null ? null : message.asText());
  }

  private void expect(String operation, String body, String type, String message) throws Exception {
    Answer answer = post(operation, body);

    assertThat(answer.status()).as(body).isEqualTo(400);
    assertThat(answer.type()).as(body).isEqualTo(type);
    assertThat(answer.message()).as(body).isEqualTo(message);
  }

  private static Arguments refused(String operation, String body, String message) {
    return Arguments.of(operation, body, message);
  }

  // ---------------------------------------------------------------- SerializationException

  static Stream<Arguments> wrongJsonTypes() {
    return Stream.of(
        refused("DescribeTable", "{'TableName': true}", "TRUE_VALUE cannot be converted to String"),
        refused("DescribeTable", "{'TableName': false}", "FALSE_VALUE cannot be converted to String"),
        refused("DescribeTable", "{'TableName': 23}", "NUMBER_VALUE cannot be converted to String"),
        refused("DescribeTable", "{'TableName': 34.56}", "DECIMAL_VALUE cannot be converted to String"),
        refused("DescribeTable", "{'TableName': []}", "Unrecognized collection type class java.lang.String"),
        refused("DescribeTable", "{'TableName': {}}", "Start of structure or map found where not expected"),
        refused("ListTables", "{'Limit': true}", "TRUE_VALUE cannot be converted to Integer"),
        refused("ListTables", "{'Limit': '23'}", "STRING_VALUE cannot be converted to Integer"),
        refused("ListTables", "{'Limit': []}", "Unrecognized collection type class java.lang.Integer"),
        refused("CreateTable", "{'ProvisionedThroughput': {'ReadCapacityUnits': 'a'}}",
            "STRING_VALUE cannot be converted to Long"),
        refused("GetItem", "{'ConsistentRead': 'maybe'}", "Unexpected token received from parser"),
        refused("GetItem", "{'ConsistentRead': 23}", "NUMBER_VALUE cannot be converted to Boolean"),
        refused("GetItem", "{'ConsistentRead': 2.5}", "DECIMAL_VALUE cannot be converted to Boolean"),
        refused("GetItem", "{'ConsistentRead': []}", "Unrecognized collection type class java.lang.Boolean"),
        refused("GetItem", "{'AttributesToGet': 'a'}", "Unexpected field type"),
        refused("GetItem", "{'AttributesToGet': {}}", "Start of structure or map found where not expected"),
        refused("GetItem", "{'Key': 5}", "Unexpected field type"),
        refused("GetItem", "{'Key': []}",
            "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>"),
        refused("GetItem", "{'Key': {'a': 5}}", "Unexpected value type in payload"),
        refused("GetItem", "{'Key': {'a': []}}",
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue"),
        refused("GetItem", "{'ExpressionAttributeNames': []}",
            "Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>"),
        refused("PutItem", "{'Item': {'a': {'B': 5}}}", "only base-64-encoded strings are convertible to bytes"),
        refused("PutItem", "{'Item': {'a': {'B': []}}}", "Unrecognized collection type class java.nio.ByteBuffer"),
        refused("PutItem", "{'Item': {'a': {'B': '23456'}}}",
            "Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        refused("PutItem", "{'Item': {'a': {'B': '+/+='}}}", "Invalid last non-pad Base64 character dectected"),
        refused("PutItem", "{'Item': {'a': {'L': [5]}}}", "Unexpected value type in payload"),
        refused("PutItem", "{'Item': {'a': {'M': 5}}}", "Unexpected field type"),
        refused("PutItem", "{'Expected': {'a': 5}}", "Unexpected value type in payload"),
        refused("PutItem", "{'Expected': {'a': []}}",
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue"),
        refused("PutItem", "{'Expected': {'a': {'Value': 5}}}", "Unexpected field type"),
        refused("CreateTable", "{'ProvisionedThroughput': 5}", "Unexpected field type"),
        refused("CreateTable", "{'KeySchema': [5]}", "Unexpected value type in payload"),
        refused("CreateTable", "{'KeySchema': [[]]}",
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement"),
        refused("BatchGetItem", "{'RequestItems': {'a': {'Keys': [5]}}}",
            "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class "
                + "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module "
                + "java.base of loader 'bootstrap')"),
        refused("BatchWriteItem", "{'RequestItems': []}", "Unrecognized collection type java.util.Map<java.lang.String, "
            + "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>"),
        refused("BatchWriteItem", "{'RequestItems': {'a': [{'PutRequest': 5}]}}", "Unexpected field type"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("wrongJsonTypes")
  void aWrongJsonTypeAnswersTheReadersMessage(String operation, String body, String message) throws Exception {
    expect(operation, body, "SerializationException", message);
  }

  // ---------------------------------------------------------------- the order of the checks

  static Stream<Arguments> checkOrder() {
    return Stream.of(
        // Every constraint violated, listed together, before any table is looked up.
        refused("GetItem", "{'TableName': 'a;'}", "3 validation errors detected: "
            + "Value null at 'key' failed to satisfy constraint: Member must not be null; "
            + "Value 'a;' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression "
            + "pattern: [a-zA-Z0-9_.-]+; "
            + "Value 'a;' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"),
        refused("ListTables", "{'ExclusiveStartTableName': 'a;', 'Limit': 500}", "3 validation errors detected: "
            + "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must satisfy regular "
            + "expression pattern: [a-zA-Z0-9_.-]+; "
            + "Value 'a;' at 'exclusiveStartTableName' failed to satisfy constraint: Member must have length greater "
            + "than or equal to 3; "
            + "Value '500' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"),
        refused("CreateTable", "{'TableName': 'abc', 'AttributeDefinitions': [{'AttributeName': 'b', "
            + "'AttributeType': 'SS'}], 'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
            "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to "
                + "satisfy constraint: Member must satisfy enum value set: [B, N, S]"),
        // Then the checks across members, still before the table: the expression generations not mixed...
        refused("GetItem", "{'TableName': 'missing-table', 'Key': {'a': {}}, 'AttributesToGet': ['a'], "
            + "'ExpressionAttributeNames': {}, 'ProjectionExpression': ''}",
            "Can not use both expression and non-expression parameters in the same request: "
                + "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}"),
        refused("Scan", "{'TableName': 'missing-table', 'ExpressionAttributeValues': {}}",
            "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"),
        refused("Query", "{'TableName': 'missing-table', 'ExpressionAttributeValues': {}}",
            "ExpressionAttributeValues can only be specified when using expressions: FilterExpression and "
                + "KeyConditionExpression are null"),
        // ...then the attribute values, before the expression attribute names...
        refused("GetItem", "{'TableName': 'missing-table', 'Key': {'a': {}}, 'ExpressionAttributeNames': {}, "
            + "'ProjectionExpression': 'a'}",
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        refused("GetItem", "{'TableName': 'missing-table', 'Key': {'a': {'S': 'a'}}, 'AttributesToGet': ['a', 'a']}",
            "One or more parameter values were invalid: Duplicate value in attribute name: a"),
        refused("Query", "{'TableName': 'missing-table', 'ExclusiveStartKey': {'a': {}}}",
            "The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the "
                + "supported datatypes"),
        refused("Query", "{'TableName': 'missing-table'}",
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request."),
        refused("Scan", "{'TableName': 'missing-table', 'Segment': 1}",
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is "
                + "present"),
        refused("Scan", "{'TableName': 'missing-table', 'Segment': 3, 'TotalSegments': 2}",
            "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 3 is not less "
                + "than TotalSegments: 2"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a'}}, 'ReturnValues': 'ALL_NEW'}",
            "ReturnValues can only be ALL_OLD or NONE"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a'}}, 'ExpressionAttributeNames': {}, "
            + "'ConditionExpression': 'a = a'}", "ExpressionAttributeNames must not be empty"),
        // The table operations check their TableName first, and UpdateTable that it changes something.
        refused("DescribeTable", "{'TableName': 'ab'}",
            "TableName must be at least 3 characters long and at most 255 characters long"),
        refused("DeleteTable", "{}", "The parameter 'TableName' is required but was not present in the request"),
        refused("UpdateTable", "{'TableName': 'missing-table'}", "At least one of ProvisionedThroughput, BillingMode, "
            + "UpdateStreamEnabled, GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required"),
        refused("UpdateTable", "{'TableName': 'missing-table', 'GlobalSecondaryIndexUpdates': [{}]}",
            "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, "
                + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null"),
        // The tag operations: the ARN, then the list, then a table's ARN, then a list that is not empty.
        refused("TagResource", "{}", "Invalid TableArn"),
        refused("UntagResource", "{'ResourceArn': 'a:b:c:d:e:f/g'}",
            "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null"),
        refused("TagResource", "{'ResourceArn': 'a:b:c:d:e:f/g', 'Tags': []}",
            "Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g"),
        refused("TagResource", "{'ResourceArn': 'arn:aws:dynamodb:us-east-1:000000000000:table/missing-table', "
            + "'Tags': []}", "Atleast one Tag needs to be provided as Input."),
        // ...and CreateTable's own order: throughput, the key schema, then the indexes.
        refused("CreateTable", "{'TableName': 'abc', 'AttributeDefinitions': [], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified "
                + "when BillingMode is PROVISIONED"),
        refused("CreateTable", "{'TableName': 'abc', 'AttributeDefinitions': [], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], "
            + "'ProvisionedThroughput': {'ReadCapacityUnits': 1000000000001, 'WriteCapacityUnits': 1000000000001}}",
            "Given value 1000000000001 for ReadCapacityUnits is out of bounds"),
        refused("CreateTable", "{'TableName': 'abc', 'AttributeDefinitions': [], 'BillingMode': 'PAY_PER_REQUEST', "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}]}",
            "Invalid KeySchema: Some index key attribute have no definition"),
        refused("CreateTable", "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', 'AttributeDefinitions': "
            + "[{'AttributeName': 'a', 'AttributeType': 'S'}, {'AttributeName': 'b', 'AttributeType': 'S'}], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'b', 'KeyType': 'HASH'}]}",
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type"),
        refused("CreateTable", "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', 'AttributeDefinitions': "
            + "[{'AttributeName': 'a', 'AttributeType': 'S'}, {'AttributeName': 'b', 'AttributeType': 'S'}], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}, {'AttributeName': 'a', 'KeyType': 'RANGE'}]}",
            "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
        refused("CreateTable", "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', 'AttributeDefinitions': "
            + "[{'AttributeName': 'a', 'AttributeType': 'S'}, {'AttributeName': 'b', 'AttributeType': 'S'}], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], 'LocalSecondaryIndexes': []}",
            "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty"),
        refused("CreateTable", "{'TableName': 'abc', 'BillingMode': 'PAY_PER_REQUEST', 'AttributeDefinitions': "
            + "[{'AttributeName': 'a', 'AttributeType': 'S'}, {'AttributeName': 'b', 'AttributeType': 'S'}], "
            + "'KeySchema': [{'AttributeName': 'a', 'KeyType': 'HASH'}], 'GlobalSecondaryIndexes': [{'IndexName': "
            + "'abc', 'KeySchema': [{'AttributeName': 'b', 'KeyType': 'HASH'}], 'Projection': {}}]}",
            "One or more parameter values were invalid: Unknown ProjectionType: null"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("checkOrder")
  void checksComeInDynamoDbsOrder(String operation, String body, String message) throws Exception {
    expect(operation, body, "ValidationException", message);
  }

  // ---------------------------------------------------------------- the front door, never a 5xx

  static Stream<Arguments> frontDoor() {
    return Stream.of(
        Arguments.of("application/x-amz-json-1.0", "DynamoDB_20120810.ListTables", "hi", 400,
            "{\"__type\":\"com.amazon.coral.service#SerializationException\"}"),
        Arguments.of("application/json", "DynamoDB_20120810.ListTables", "", 400,
            "{\"__type\":\"com.amazon.coral.service#SerializationException\"}"),
        Arguments.of("application/json; charset=utf-8", "DynamoDB_20120810.ListTable", "{}", 400,
            "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}"),
        Arguments.of("application/json", "DynamoDB_20120810.ListTable", "", 400,
            "{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}"),
        Arguments.of("application/x-amz-json-1.1", "DynamoDB_20120810.ListTables", "{}", 404,
            "<UnknownOperationException/>\n"),
        Arguments.of("text/plain", "DynamoDB_20120810.ListTables", "{}", 404, "<UnknownOperationException/>\n"),
        Arguments.of("application/json", "DynamoDB_20120810.ListTables", "[[[[[[[[[[[[[[[[[[[[", 400,
            "{\"__type\":\"com.amazon.coral.service#SerializationException\"}"),
        Arguments.of("application/json", "DynamoDB_20120810.GetItem", "{\"TableName\": null}", 400,
            "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"2 validation errors "
                + "detected: Value null at 'key' failed to satisfy constraint: Member must not be null; Value null at "
                + "'tableName' failed to satisfy constraint: Member must not be null\"}"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("frontDoor")
  void whatIsNotARequestIsRefusedAsDynamoDbRefusesItAndTheNextIsServed(String contentType, String target, String body,
      int status, String answer) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(engine.endpoint())
        .header("Content-Type", contentType)
        .header("X-Amz-Target", target)
        .header("Authorization", SIGNATURE).header("X-Amz-Date", SIGNED_AT)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.body()).isEqualTo(answer);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).hasValueSatisfying(
        id -> assertThat(id).matches("[0-9A-Z]{52}"));
    assertThat(post("ListTables", "{}").status()).isEqualTo(200);
  }

  // ---------------------------------------------------------------- semantic wording

  static Stream<Arguments> semanticWording() {
    return Stream.of(
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a', 'N': '1'}}}",
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported "
                + "datatypes"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a', 'N': 'b'}}}",
            "The parameter cannot be converted to a numeric value: b"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'N': ''}}}",
            "The parameter cannot be converted to a numeric value"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'NS': ['1', '1']}}}",
            "Input collection contains duplicates"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'SS': ['a', 'a']}}}",
            "One or more parameter values were invalid: Input collection [a, a] contains duplicates."),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'BS': ['Yg==', 'Yg==']}}}",
            "One or more parameter values were invalid: Input collection [Yg==, Yg==]of type BS contains duplicates."),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'BS': []}}}",
            "One or more parameter values were invalid: Binary sets should not be empty"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'NULL': false}}}",
            "One or more parameter values were invalid: Null attribute value types must have the value of true"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'N': '1e126'}}}",
            "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a'}}, 'Expected': {'a': {}}}",
            "One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: a"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': 'a'}}, "
            + "'Expected': {'a': {'Exists': false, 'Value': {'S': 'a'}}}}",
            "One or more parameter values were invalid: Value cannot be used when Exists is false for Attribute: a"),
        refused("DeleteItem", "{'TableName': 'missing-table', 'Key': {'a': {'S': 'a'}}, "
            + "'Expected': {'a': {'ComparisonOperator': 'EQ'}}}",
            "One or more parameter values were invalid: Value or AttributeValueList must be used with "
                + "ComparisonOperator: EQ for Attribute: a"),
        refused("UpdateItem", "{'TableName': 'missing-table', 'Key': {'a': {'S': 'a'}}, "
            + "'AttributeUpdates': {'b': {'Action': 'PUT'}}}",
            "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is "
                + "specified"),
        refused("UpdateItem", "{'TableName': 'missing-table', 'Key': {'a': {'S': 'a'}}, "
            + "'AttributeUpdates': {'b': {'Action': 'ADD', 'Value': {'S': 'a'}}}}",
            "One or more parameter values were invalid: ADD action is not supported for the type S"),
        refused("Scan", "{'TableName': 'missing-table', 'ScanFilter': {'a': {'ComparisonOperator': 'EQ'}}}",
            "One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
        refused("Scan", "{'TableName': 'missing-table', 'ScanFilter': {'a': {'ComparisonOperator': 'LT', "
            + "'AttributeValueList': [{'SS': ['a']}]}}}",
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for SS AttributeValue type"),
        refused("Scan", "{'TableName': 'missing-table', 'ScanFilter': {'a': {'ComparisonOperator': 'BETWEEN', "
            + "'AttributeValueList': [{'N': '2'}, {'N': '1'}]}}}",
            "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound"),
        refused("Query", "{'TableName': 'missing-table', 'KeyConditions': {'a': {'ComparisonOperator': 'IN', "
            + "'AttributeValueList': [{'S': 'a'}, {'N': '1'}]}}}",
            "One or more parameter values were invalid: AttributeValues inside AttributeValueList must be of same type"),
        refused("GetItem", "{'TableName': '" + TABLE + "', 'Key': {'pk': {'S': 'a'}}}",
            "The provided key element does not match the schema"),
        refused("Query", "{'TableName': '" + TABLE + "', 'KeyConditions': {'pk': {'ComparisonOperator': 'EQ', "
            + "'AttributeValueList': [{'S': 'a'}]}}, 'QueryFilter': {'sk': {'ComparisonOperator': 'EQ', "
            + "'AttributeValueList': [{'N': '1'}]}}}",
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: sk"),
        refused("PutItem", "{'TableName': 'missing-table', 'Item': {'a': {'S': '" + "x".repeat(410_000) + "'}}}",
            "Item size has exceeded the maximum allowed size"),
        refused("UpdateItem", "{'TableName': '" + TABLE + "', 'Key': {'pk': {'S': 'a'}, 'sk': {'N': '1'}}, "
            + "'UpdateExpression': 'SET big = :v', 'ExpressionAttributeValues': {':v': {'S': '" + "x".repeat(410_000)
            + "'}}}", "Item size to update has exceeded the maximum allowed size"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("semanticWording")
  void semanticRefusalsAreWordedAsDynamoDbWordsThem(String operation, String body, String message) throws Exception {
    expect(operation, body, "ValidationException", message);
  }
}
