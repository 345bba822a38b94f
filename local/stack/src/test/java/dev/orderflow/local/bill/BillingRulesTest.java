package dev.orderflow.local.bill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderflow.local.bill.BillingRules.Consistency;
import org.junit.jupiter.api.Test;

class BillingRulesTest {

  @Test
  void aPayloadOfExactly64KbIsOneRequestAndOneByteMoreIsTwo() {
    assertThat(BillingRules.chunks(65_536)).isEqualTo(1);
    assertThat(BillingRules.chunks(65_537)).isEqualTo(2);
    assertThat(BillingRules.chunks(3 * 65_536)).isEqualTo(3);
  }

  @Test
  void aCallWithoutPayloadIsStillOneRequest() {
    assertThat(BillingRules.chunks(0)).isEqualTo(1);
    assertThat(BillingRules.chunks(1)).isEqualTo(1);
  }

  @Test
  void anItemOfExactly1KbIsOneWriteUnitAndOneByteMoreIsTwo() {
    assertThat(BillingRules.writeUnits(1024, false)).isEqualTo(1.0);
    assertThat(BillingRules.writeUnits(1025, false)).isEqualTo(2.0);
    assertThat(BillingRules.writeUnits(0, false)).isEqualTo(1.0);
  }

  @Test
  void aTransactionalWriteCostsTwiceAPlainOne() {
    assertThat(BillingRules.writeUnits(1024, true)).isEqualTo(2.0);
    assertThat(BillingRules.writeUnits(1025, true)).isEqualTo(4.0);
  }

  @Test
  void aReadOfExactly4KbIsOneUnitStronglyConsistentAndHalfEventually() {
    assertThat(BillingRules.readUnits(4096, Consistency.STRONG)).isEqualTo(1.0);
    assertThat(BillingRules.readUnits(4097, Consistency.STRONG)).isEqualTo(2.0);
    assertThat(BillingRules.readUnits(4096, Consistency.EVENTUAL)).isEqualTo(0.5);
    assertThat(BillingRules.readUnits(4097, Consistency.EVENTUAL)).isEqualTo(1.0);
  }

  @Test
  void aTransactionalReadCostsTwiceAStronglyConsistentOne() {
    assertThat(BillingRules.readUnits(4096, Consistency.TRANSACTIONAL)).isEqualTo(2.0);
    assertThat(BillingRules.readUnits(100, Consistency.TRANSACTIONAL)).isEqualTo(2.0);
  }

  @Test
  void anExpressExecutionIsBilledInSteps0f100Milliseconds() {
    assertThat(BillingRules.expressBilledMillis(100_000_000)).isEqualTo(100);
    assertThat(BillingRules.expressBilledMillis(100_000_001)).isEqualTo(200);
    assertThat(BillingRules.expressBilledMillis(1)).isEqualTo(100);
    assertThat(BillingRules.expressBilledMillis(0)).isEqualTo(100);
  }

  @Test
  void aLambdaInvocationIsBilledInWholeMilliseconds() {
    assertThat(BillingRules.lambdaBilledMillis(1_000_000)).isEqualTo(1);
    assertThat(BillingRules.lambdaBilledMillis(1_000_001)).isEqualTo(2);
    assertThat(BillingRules.lambdaBilledMillis(1)).isEqualTo(1);
    assertThat(BillingRules.lambdaBilledMillis(99_999_999)).isEqualTo(100);
  }

  @Test
  void gbSecondsAreTheBilledDurationTimesTheMemoryIn1024MbGigabytes() {
    assertThat(BillingRules.gbSeconds(1000, 1024)).isEqualTo(1.0);
    assertThat(BillingRules.gbSeconds(100, 64)).isEqualTo(0.00625);
    assertThat(BillingRules.gbSeconds(3, 512)).isEqualTo(0.0015);
  }

  @Test
  void aConnectionIsBilledForEachStartedMinute() {
    assertThat(BillingRules.connectionMinutes(60_000_000_000L)).isEqualTo(1);
    assertThat(BillingRules.connectionMinutes(60_000_000_001L)).isEqualTo(2);
    assertThat(BillingRules.connectionMinutes(0)).isZero();
  }
}
