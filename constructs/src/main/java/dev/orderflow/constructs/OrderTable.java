package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Props;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.Billing;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexPropsV2;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.TableEncryptionV2;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.dynamodb.TableV2;
import software.constructs.Construct;

/**
 * The orders table: one item per order under the key {@code id}, the {@code byCustomer} index for
 * a customer's orders newest first, and a stream of new and old images for notifications.
 *
 * <p>The index projects keys only ({@code id}, {@code customerId}, {@code createdAt}), which never
 * change once an order is written: a write that changes an order's status or fields writes the
 * table alone, and only the write that creates an order writes the index too. {@code getAllOrders}
 * reads a page of ids from the index and then the orders themselves from the table.
 */
public class OrderTable extends Construct {

  /** Partition key of the table. */
  public static final String PARTITION_KEY = "id";
  /** Index of a customer's orders, sorted by creation time; it projects the keys only. */
  public static final String BY_CUSTOMER_INDEX = "byCustomer";

  private final ITableV2 table;

  /** Creates it with the default props. */
  public OrderTable(Construct scope, String id) {
    this(scope, id, OrderTableProps.builder().build());
  }

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderTable(Construct scope, String id, OrderTableProps props) {
    super(scope, id);
    this.table = props.existingTable().orElseGet(() -> createTable(props));
  }

  private TableV2 createTable(OrderTableProps props) {
    if (props.encryptionKey().isPresent() && Token.isUnresolved(Stack.of(this).getRegion())) {
      throw new IllegalArgumentException(
          "encryptionKey needs a stack with an explicit region (StackProps.env), but "
              + Stack.of(this).getStackName() + " is region-agnostic: a DynamoDB global table names its key per region");
    }
    TablePropsV2.Builder builder = TablePropsV2.builder()
        .billing(Billing.onDemand())
        .pointInTimeRecoverySpecification(
            PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
        .encryption(props.encryptionKey()
            .map(TableEncryptionV2::customerManagedKey)
            .orElseGet(TableEncryptionV2::awsManagedKey))
        .removalPolicy(props.removalPolicy());

    List<GlobalSecondaryIndexPropsV2> indexes = new ArrayList<>();
    if (props.tableProps().isPresent()) {
      TablePropsV2 user = props.tableProps().get();
      warnWhereReplaced(user);
      Props.copyInto(TablePropsV2.class, user, builder);
      if (user.getGlobalSecondaryIndexes() != null) {
        indexes.addAll(user.getGlobalSecondaryIndexes());
      }
    }
    indexes.add(GlobalSecondaryIndexPropsV2.builder()
        .indexName(BY_CUSTOMER_INDEX)
        .partitionKey(Attribute.builder().name("customerId").type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
        .projectionType(ProjectionType.KEYS_ONLY)
        .build());

    return new TableV2(this, "Table", builder
        .partitionKey(Attribute.builder().name(PARTITION_KEY).type(AttributeType.STRING).build())
        .sortKey(null)
        .dynamoStream(StreamViewType.NEW_AND_OLD_IMAGES)
        .globalSecondaryIndexes(indexes)
        .build());
  }

  private void warnWhereReplaced(TablePropsV2 user) {
    Attribute key = user.getPartitionKey();
    boolean ordersKey = PARTITION_KEY.equals(key.getName()) && key.getType() == AttributeType.STRING;
    if (!ordersKey || user.getSortKey() != null) {
      Annotations.of(this).addWarningV2("orderflow:tableKeyReplaced",
          "tableProps.partitionKey " + key.getName() + " (" + key.getType() + ")"
              + (user.getSortKey() != null ? " and sortKey " + user.getSortKey().getName() : "")
              + " are replaced: the orders table is keyed by 'id' (STRING) alone");
    }
    if (user.getDynamoStream() != null && user.getDynamoStream() != StreamViewType.NEW_AND_OLD_IMAGES) {
      Annotations.of(this).addWarningV2("orderflow:tableStreamReplaced",
          "tableProps.dynamoStream " + user.getDynamoStream()
              + " is replaced by NEW_AND_OLD_IMAGES, which status notifications need");
    }
  }

  /** The table, created or given. */
  public ITableV2 getTable() {
    return table;
  }
}
