package dev.orderflow.runtime.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The contract's names are this function's own: its statuses and its non-retryable error type. */
class PaymentContractTest {

  @Test
  void namesTheStatusesThisFunctionAnswers() {
    assertThat(Arrays.stream(PaymentStatus.values()).map(Enum::name))
        .containsExactly(PaymentContract.APPROVED, PaymentContract.DECLINED);
  }

  @Test
  void namesTheErrorTypeOfARequestThisFunctionCanNeverPay() {
    assertThat(PaymentContract.INVALID_REQUEST_ERROR).isEqualTo(InvalidPaymentRequestException.ERROR_TYPE);
  }
}
