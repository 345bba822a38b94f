package dev.orderflow.local.dynamodb.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** UpdateTimeToLive, DescribeTimeToLive, and the background deletion of expired items. */
class TimeToLiveTest extends ConformanceSupport {

  private static final long NOW = Instant.now().getEpochSecond();

  private void enableTimeToLive(String table, String attribute) {
    TimeToLiveSpecification answered = ddb.updateTimeToLive(r -> r.tableName(table)
        .timeToLiveSpecification(t -> t.attributeName(attribute).enabled(true))).timeToLiveSpecification();
    assertThat(answered.attributeName()).isEqualTo(attribute);
    assertThat(answered.enabled()).isTrue();
    await("time to live to be ENABLED", () -> describeTimeToLive(table).timeToLiveStatus() == TimeToLiveStatus.ENABLED);
  }

  private TimeToLiveDescription describeTimeToLive(String table) {
    return ddb.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
  }

  @Test
  void timeToLiveIsDisabledUntilEnabled() {
    String table = hashTable();

    assertThat(describeTimeToLive(table).timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);

    enableTimeToLive(table, "expiresAt");

    assertThat(describeTimeToLive(table).attributeName()).isEqualTo("expiresAt");
  }

  @Test
  void disablingTimeToLiveIsReported() {
    String table = hashTable();
    enableTimeToLive(table, "expiresAt");

    ddb.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(false)));

    assertThat(describeTimeToLive(table).timeToLiveStatus()).isIn(TimeToLiveStatus.DISABLING, TimeToLiveStatus.DISABLED);
  }

  @Test
  void timeToLiveOfAMissingTableIsResourceNotFound() {
    failure("ResourceNotFoundException", () -> ddb.describeTimeToLive(r -> r.tableName("no-such-table")));
    failure("ResourceNotFoundException", () -> ddb.updateTimeToLive(r -> r.tableName("no-such-table")
        .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))));
  }

  @Test
  void expiredItemsAreDeletedInTheBackgroundWithAServiceRemoveRecord() {
    String table = hashTableWithStream(StreamViewType.NEW_AND_OLD_IMAGES);
    enableTimeToLive(table, "expiresAt");
    put(table, item("pk", s("expired"), "expiresAt", n(NOW - 60), "v", s("old")));
    put(table, item("pk", s("future"), "expiresAt", n(NOW + 3600)));
    put(table, item("pk", s("no-ttl")));
    put(table, item("pk", s("text-ttl"), "expiresAt", s(Long.toString(NOW - 60))));
    // More than five years in the past: DynamoDB's TTL process leaves such items alone.
    put(table, item("pk", s("ancient"), "expiresAt", n(NOW - 6L * 366 * 24 * 3600)));
    put(table, item("pk", s("user-deleted")));
    ddb.deleteItem(r -> r.tableName(table).key(key("user-deleted")));

    await("the expired item to be deleted", () -> get(table, key("expired")).isEmpty());
    List<Record> records = awaitRecords(streamArn(table), 8);

    // The background sweep may run at any moment after the put, so find each record by its key.
    Record expiry = records.stream()
        .filter(r -> r.eventName() == OperationType.REMOVE && r.dynamodb().keys().equals(key("expired")))
        .findFirst().orElseThrow();
    assertThat(expiry.dynamodb().keys()).isEqualTo(key("expired"));
    assertThat(expiry.dynamodb().oldImage()).isEqualTo(item("pk", s("expired"), "expiresAt", n(NOW - 60), "v", s("old")));
    assertThat(expiry.userIdentity()).isNotNull();
    assertThat(expiry.userIdentity().type()).isEqualTo("Service");
    assertThat(expiry.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
    Record userDelete = records.stream()
        .filter(r -> r.eventName() == OperationType.REMOVE && r.dynamodb().keys().equals(key("user-deleted")))
        .findFirst().orElseThrow();
    assertThat(userDelete.userIdentity()).as("a delete by a user names no service").isNull();
    assertThat(get(table, key("future"))).isNotEmpty();
    assertThat(get(table, key("no-ttl"))).isNotEmpty();
    assertThat(get(table, key("text-ttl"))).isNotEmpty();
    assertThat(get(table, key("ancient"))).isNotEmpty();
  }

  @Test
  void itemsExpireOnlyWhileTimeToLiveIsEnabled() {
    String table = hashTable();
    put(table, item("pk", s("early"), "expiresAt", n(NOW - 60)));
    sleep(2500);
    assertThat(get(table, key("early"))).as("no deletion before TTL is enabled").isNotEmpty();

    enableTimeToLive(table, "expiresAt");

    await("the expired item to be deleted", () -> get(table, key("early")).isEmpty());
  }
}
