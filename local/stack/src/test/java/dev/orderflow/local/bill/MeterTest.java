package dev.orderflow.local.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterTest {

  private final AtomicLong now = new AtomicLong();
  private final Meter meter = new Meter(now::get, Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC));
  private final Prices prices = Prices.defaults();

  @Test
  void aLambdaInvocationIsARequestAndItsRoundedDurationAtItsMemory() {
    meter.lambdaInvoked("Payment", 2_500_000, 512, true);

    Bill bill = meter.bill(prices);

    assertThat(bill.line(Line.LAMBDA_REQUESTS).count()).isEqualTo(1.0);
    // 2.5 ms is billed as 3 ms, at 0.5 GB.
    assertThat(bill.line(Line.LAMBDA_GB_SECONDS).count()).isEqualTo(0.0015);
    assertThat(bill.line(Line.LAMBDA_GB_SECONDS_X86).count()).isZero();
  }

  @Test
  void anExpressExecutionIsARequestAndItsDurationIn100MillisecondStepsAt64Mb() {
    meter.expressExecuted("Workflow", 250_000_000);

    Bill bill = meter.bill(prices);

    assertThat(bill.line(Line.SFN_EXPRESS_REQUESTS).count()).isEqualTo(1.0);
    assertThat(bill.line(Line.SFN_EXPRESS_GB_SECONDS).count()).isEqualTo(0.3 * 64 / 1024);
  }

  @Test
  void streamRecordsWithinOnePollAreOneReadAndALaterPollIsAnother() {
    meter.streamRecordsRead("Notifier", 1);
    now.addAndGet(100_000_000);
    meter.streamRecordsRead("Notifier", 3);
    now.addAndGet(200_000_000);
    meter.streamRecordsRead("Notifier", 1);
    meter.streamRecordsRead("Events", 1);

    Bill bill = meter.bill(prices);

    assertThat(bill.line(Line.DYNAMODB_STREAM_READS).count()).isEqualTo(3.0);
    assertThat(bill.line(Line.DYNAMODB_STREAM_READS).by()).containsEntry("Notifier", 2.0).containsEntry("Events", 1.0);
  }

  @Test
  void aPollOfMoreThan1000RecordsTakesASecondRead() {
    meter.streamRecordsRead("Notifier", 1001);

    assertThat(meter.bill(prices).line(Line.DYNAMODB_STREAM_READS).count()).isEqualTo(2.0);
  }

  @Test
  void aConnectionCountsItsStartedMinutesWhileOpenAndWhenClosed() {
    Meter.Connection connection = meter.connectionOpened();
    now.addAndGet(61_000_000_000L);
    assertThat(meter.bill(prices).line(Line.APPSYNC_CONNECTION_MINUTES).count()).isEqualTo(2.0);

    connection.close();
    now.addAndGet(600_000_000_000L);

    assertThat(meter.bill(prices).line(Line.APPSYNC_CONNECTION_MINUTES).count()).isEqualTo(2.0);
  }

  @Test
  void theCostIsTheCountAtThePriceAndTheTotalBeforeEmailLeavesEmailsOut() {
    meter.count(Line.APPSYNC_OPERATIONS, 1_000_000, "postOrder");
    meter.count(Line.SNS_EMAILS, 100_000, "email");
    meter.orderFinished();

    Bill bill = meter.bill(prices);

    assertThat(bill.line(Line.APPSYNC_OPERATIONS).cost()).isEqualTo(4.0);
    assertThat(bill.total()).isEqualTo(6.0);
    assertThat(bill.totalBeforeEmail()).isEqualTo(4.0);
    assertThat(bill.toJson().path("ordersFinished").asLong()).isEqualTo(1);
    assertThat(bill.toJson().path("perMillionOrders").asDouble()).isEqualTo(4_000_000.0);
  }

  @Test
  void everyLineOfTheJsonNamesItsServiceUnitRulePriceAndSource() {
    var lines = meter.bill(prices).toJson().path("lines");

    assertThat(lines).hasSize(Line.values().length);
    lines.forEach(line -> {
      assertThat(line.path("service").asText()).isIn("AppSync", "SQS", "Pipes", "Step Functions", "Lambda", "DynamoDB",
          "SNS", "EventBridge");
      assertThat(line.path("rule").asText()).isNotBlank();
      assertThat(line.path("price").path("source").asText()).startsWith("https://aws.amazon.com/");
    });
  }

  @Test
  void aResetStartsAnEmptyWindow() {
    meter.count(Line.SQS_REQUESTS, 5, "SendMessage");
    meter.orderFinished();

    Bill closed = BillView.of(meter, () -> prices).reset();

    assertThat(closed.line(Line.SQS_REQUESTS).count()).isEqualTo(5.0);
    Bill next = meter.bill(prices);
    assertThat(next.total()).isZero();
    assertThat(next.ordersFinished()).isZero();
  }

  @Test
  void aPricesFileReplacesOnlyThePricesItNames(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("prices.json"),
        "{\"date\": \"2027-01-01\", \"prices\": {\"appsync.operations\": {\"usd\": 2.0, \"per\": 1000000}}}");

    Prices overridden = Prices.withOverrides(file);

    assertThat(overridden.of(Line.APPSYNC_OPERATIONS).perUnit()).isEqualTo(2.0 / 1_000_000);
    assertThat(overridden.of(Line.SQS_REQUESTS)).isEqualTo(prices.of(Line.SQS_REQUESTS));
    assertThat(overridden.date()).isEqualTo("2027-01-01");
    assertThat(overridden.region()).isEqualTo("us-east-1");
  }

  @Test
  void aPricesFileNamingAnUnknownPriceIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("prices.json"), "{\"prices\": {\"s3.requests\": {\"usd\": 1}}}");

    assertThatThrownBy(() -> Prices.withOverrides(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3.requests");
  }
}
