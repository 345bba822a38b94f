package dev.orderflow.runtime.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulatedPaymentGatewayTest {

  @Test
  void usesTheDefaultApprovalRateWhenTheVariableIsUnset() {
    assertThat(SimulatedPaymentGateway.fromEnvironment(null).approvalRate())
        .isEqualTo(SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE);
    assertThat(SimulatedPaymentGateway.fromEnvironment(" ").approvalRate())
        .isEqualTo(SimulatedPaymentGateway.DEFAULT_APPROVAL_RATE);
  }

  @Test
  void readsTheApprovalRateFromTheVariable() {
    assertThat(SimulatedPaymentGateway.fromEnvironment("0.25").approvalRate()).isEqualTo(0.25);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "-0.1", "NaN"})
  void rejectsAnApprovalRateOutsideZeroToOne(String value) {
    assertThatThrownBy(() -> SimulatedPaymentGateway.fromEnvironment(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("approvalRate must be from 0.0 to 1.0, but was " + Double.parseDouble(value));
  }

  @Test
  void rejectsAnApprovalRateThatIsNotANumber() {
    assertThatThrownBy(() -> SimulatedPaymentGateway.fromEnvironment("most"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ORDERFLOW_APPROVAL_RATE must be a number from 0.0 to 1.0, but was \"most\"");
  }
}
