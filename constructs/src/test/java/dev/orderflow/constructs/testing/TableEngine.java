package dev.orderflow.constructs.testing;

import dev.orderflow.local.dynamodb.DynamoDbEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/** Our table engine, in memory, on a free port of the loopback interface, with an SDK client. */
public final class TableEngine implements AutoCloseable {

  private final DynamoDbEngine engine;
  private final String endpoint;
  private final DynamoDbClient client;

  public TableEngine() {
    engine = DynamoDbEngine.start();
    endpoint = engine.endpoint().toString();
    client = DynamoDbClient.builder()
        .endpointOverride(engine.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public String endpoint() {
    return endpoint;
  }

  public DynamoDbClient client() {
    return client;
  }

  /** Creates the table as an {@code AWS::DynamoDB::GlobalTable} resource of a template defines it. */
  @SuppressWarnings("unchecked")
  public void createTable(String name, Map<String, Object> properties) {
    List<GlobalSecondaryIndex> indexes = new ArrayList<>();
    for (Map<String, Object> index : (List<Map<String, Object>>) properties.getOrDefault("GlobalSecondaryIndexes", List.of())) {
      indexes.add(GlobalSecondaryIndex.builder()
          .indexName((String) index.get("IndexName"))
          .keySchema(keySchema(index.get("KeySchema")))
          .projection(Projection.builder()
              .projectionType((String) ((Map<String, Object>) index.get("Projection")).get("ProjectionType"))
              .build())
          .build());
    }
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (Map<String, Object> attribute : (List<Map<String, Object>>) properties.get("AttributeDefinitions")) {
      attributes.add(AttributeDefinition.builder()
          .attributeName((String) attribute.get("AttributeName"))
          .attributeType((String) attribute.get("AttributeType"))
          .build());
    }
    Map<String, Object> stream = (Map<String, Object>) properties.get("StreamSpecification");
    client.createTable(b -> b
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(keySchema(properties.get("KeySchema")))
        .attributeDefinitions(attributes)
        .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
        .streamSpecification(stream == null ? null : StreamSpecification.builder()
            .streamEnabled(true)
            .streamViewType((String) stream.get("StreamViewType"))
            .build()));
  }

  @SuppressWarnings("unchecked")
  private static List<KeySchemaElement> keySchema(Object schema) {
    List<KeySchemaElement> elements = new ArrayList<>();
    for (Map<String, Object> element : (List<Map<String, Object>>) schema) {
      elements.add(KeySchemaElement.builder()
          .attributeName((String) element.get("AttributeName"))
          .keyType((String) element.get("KeyType"))
          .build());
    }
    return elements;
  }

  @Override
  public void close() {
    client.close();
    engine.close();
  }
}
