package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITableV2;
import software.amazon.awscdk.services.dynamodb.TablePropsV2;
import software.amazon.awscdk.services.kms.IKey;

/** Props of {@link OrderTable}: an existing table, or settings for a new one. */
@Value.Immutable
public interface OrderTableProps {

  /**
   * A table to use instead of creating one. It must have the partition key {@code id} (string),
   * a global secondary index {@code byCustomer} ({@code customerId}, {@code createdAt}, both
   * strings; projecting the keys only is enough, as OrderFlow's own table does, and an index that
   * projects more works the same) and a stream with new and old images.
   *
   * @default - a new table is created
   */
  Optional<ITableV2> existingTable();

  /**
   * Settings for the new table, laid over OrderFlow's defaults. The partition key (which the type
   * requires: set {@code id} of type STRING), the {@code byCustomer} index and the stream are
   * always OrderFlow's, with a warning where yours differ ({@code byCustomer} projects the keys
   * only); a global secondary index of yours is kept beside {@code byCustomer}.
   *
   * @default - on-demand billing, point-in-time recovery, encryption (see {@link #encryptionKey()})
   */
  Optional<TablePropsV2> tableProps();

  /**
   * Customer-managed KMS key for the new table.
   *
   * @default - the AWS-managed key of DynamoDB
   */
  Optional<IKey> encryptionKey();

  /**
   * What happens to the new table when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  @Value.Default
  default RemovalPolicy removalPolicy() {
    return RemovalPolicy.RETAIN;
  }

  /** Refuses values outside what is allowed, naming the prop; {@code build()} calls it. */
  @Value.Check
  default void check() {
    if (existingTable().isPresent() && (tableProps().isPresent() || encryptionKey().isPresent())) {
      throw new IllegalArgumentException(
          "existingTable cannot be combined with tableProps or encryptionKey, which configure a new table: "
              + "set either existingTable, or tableProps and encryptionKey");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  static ImmutableOrderTableProps.Builder builder() {
    return ImmutableOrderTableProps.builder();
  }
}
