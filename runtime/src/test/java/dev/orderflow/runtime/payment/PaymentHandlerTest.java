package dev.orderflow.runtime.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentHandlerTest {

  private static final String PIZZA_ORDER =
      """
      {"orderId":"%s","customerId":"anonymous","name":"Pizza","quantity":6,"restaurantId":"Dominos Pizza"}
      """;

  private static String invoke(PaymentHandler handler, String input) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
    return output.toString(StandardCharsets.UTF_8);
  }

  @Test
  void approvesWithAPaymentIdWhenTheGatewayApproves() throws IOException {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(1.0));

    String answer = invoke(handler, PIZZA_ORDER.formatted("order-1"));

    assertThat(answer).matches("\\{\"orderId\":\"order-1\",\"status\":\"APPROVED\",\"paymentId\":\"pay_[0-9a-f]{24}\"}");
  }

  @Test
  void declinesWithAReasonWhenTheGatewayDeclines() throws IOException {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(0.0));

    JsonObject answer = JsonParser.parseString(invoke(handler, PIZZA_ORDER.formatted("order-2"))).getAsJsonObject();

    assertThat(answer.keySet()).containsExactly("orderId", "status", "reason");
    assertThat(answer.get("status").getAsString()).isEqualTo("DECLINED");
    assertThat(answer.get("reason").getAsString()).isIn(SimulatedPaymentGateway.DECLINE_REASONS.toArray());
  }

  @Test
  void answersARetriedRequestExactlyAsTheFirst() throws IOException {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(0.5));

    List<String> first = new ArrayList<>();
    List<String> retried = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      first.add(invoke(handler, PIZZA_ORDER.formatted("order-" + i)));
    }
    PaymentHandler restarted = new PaymentHandler(new SimulatedPaymentGateway(0.5));
    for (int i = 0; i < 50; i++) {
      retried.add(invoke(restarted, PIZZA_ORDER.formatted("order-" + i)));
    }

    assertThat(retried).isEqualTo(first);
    assertThat(first).anyMatch(a -> a.contains("APPROVED")).anyMatch(a -> a.contains("DECLINED"));
  }

  @Test
  void approvesAboutTheConfiguredShareOfOrders() {
    SimulatedPaymentGateway gateway = new SimulatedPaymentGateway(0.8);

    long approved = 0;
    for (int i = 0; i < 2000; i++) {
      PaymentRequest request =
          PaymentRequest.builder()
              .orderId("order-" + i).customerId("c").name("Pizza").quantity(1).restaurantId("r")
              .build();
      if (gateway.charge(request).status() == PaymentStatus.APPROVED) {
        approved++;
      }
    }

    // 2000 draws at p = 0.8: the standard deviation is about 18, so 1600 +- 100 is over 5 sigma.
    assertThat(approved).isBetween(1500L, 1700L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not JSON              | {orderId:                                                                                            | not valid JSON
          empty input           | ''                                                                                                   | expected a JSON object, but the input ended at $
          JSON null             | null                                                                                                 | expected a JSON object, but found null
          an array              | []                                                                                                   | expected a JSON object, but found an array
          two objects           | {"orderId":"o-1"} {}                                                                                 | expected one JSON object, but more followed
          no order id           | {"customerId":"c","name":"Pizza","quantity":6,"restaurantId":"r"}                                    | some of required attributes are not set [orderId]
          order id null         | {"orderId":null,"customerId":"c","name":"Pizza","quantity":6,"restaurantId":"r"}                     | some of required attributes are not set [orderId]
          several fields missing| {"orderId":"o-1"}                                                                                    | [customerId, name, quantity, restaurantId]
          order id a number     | {"orderId":7,"customerId":"c","name":"Pizza","quantity":6,"restaurantId":"r"}                        | orderId must be a string, but was a number
          blank order id        | {"orderId":" ","customerId":"c","name":"Pizza","quantity":6,"restaurantId":"r"}                      | orderId must be 1 to 100 characters and not blank, but was " "
          quantity zero         | {"orderId":"o-1","customerId":"c","name":"Pizza","quantity":0,"restaurantId":"r"}                    | quantity must be 1 or more, but was 0
          quantity negative     | {"orderId":"o-1","customerId":"c","name":"Pizza","quantity":-3,"restaurantId":"r"}                   | quantity must be 1 or more, but was -3
          quantity a string     | {"orderId":"o-1","customerId":"c","name":"Pizza","quantity":"six","restaurantId":"r"}                | quantity must be a whole number, but was a string
          quantity a fraction   | {"orderId":"o-1","customerId":"c","name":"Pizza","quantity":2.5,"restaurantId":"r"}                  | quantity must be a whole number, but was 2.5
          name too long         | {"orderId":"o-1","customerId":"c","name":"%s","quantity":1,"restaurantId":"r"}                       | name must be 1 to 100 characters, but had 101
          """)
  void rejectsAMalformedRequestAsNonRetryable(String caseName, String input, String expectedMessage) {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(1.0));
    String request = input.replace("%s", "x".repeat(101));

    assertThatThrownBy(() -> invoke(handler, request))
        .isInstanceOf(InvalidPaymentRequestException.class)
        .hasMessageStartingWith("invalid payment request: ")
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void ignoresFieldsItDoesNotKnow() throws IOException {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(1.0));

    String answer = invoke(handler,
        "{\"orderId\":\"o-9\",\"customerId\":\"c\",\"name\":\"Pizza\",\"quantity\":1,"
            + "\"restaurantId\":\"r\",\"createdAt\":\"2026-11-23T12:00:00Z\",\"extra\":{\"a\":[1,2]}}");

    assertThat(answer).contains("\"status\":\"APPROVED\"");
  }

  @Test
  void escapesTextInTheAnswer() throws IOException {
    PaymentHandler handler = new PaymentHandler(new SimulatedPaymentGateway(1.0));

    String answer = invoke(handler, PIZZA_ORDER.formatted("order \\\"quoted\\\" <&>"));

    assertThat(JsonParser.parseString(answer).getAsJsonObject().get("orderId").getAsString())
        .isEqualTo("order \"quoted\" <&>");
  }

  @Test
  void reportsTheNonRetryableErrorUnderItsFullyQualifiedName() {
    assertThat(InvalidPaymentRequestException.ERROR_TYPE)
        .isEqualTo("dev.orderflow.runtime.payment.InvalidPaymentRequestException");
  }

  @Test
  void letsAGatewayFailureThroughAsRetryable() {
    PaymentHandler handler =
        new PaymentHandler(request -> { throw new PaymentGatewayException("gateway timed out"); });

    assertThatThrownBy(() -> invoke(handler, PIZZA_ORDER.formatted("order-3")))
        .isInstanceOf(PaymentGatewayException.class)
        .isNotInstanceOf(InvalidPaymentRequestException.class)
        .hasMessage("gateway timed out");
  }
}
