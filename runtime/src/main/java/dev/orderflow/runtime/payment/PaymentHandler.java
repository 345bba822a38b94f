package dev.orderflow.runtime.payment;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * The payment step of the order workflow, as a Lambda function.
 *
 * <p>Input is a {@link PaymentRequest}, output a {@link PaymentResult}. A request that cannot be
 * paid as it is raises {@link InvalidPaymentRequestException} (not retryable); a gateway failure
 * raises {@link PaymentGatewayException} (retryable).
 */
public final class PaymentHandler implements RequestStreamHandler {

  private final PaymentGateway gateway;

  /** The deployed function: the simulated gateway, configured from the environment. */
  public PaymentHandler() {
    this(SimulatedPaymentGateway.fromEnvironment(System.getenv(SimulatedPaymentGateway.APPROVAL_RATE_ENV)));
  }

  /** A handler over any gateway: the seam for tests and for other gateways. */
  public PaymentHandler(PaymentGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    PaymentRequest request;
    try (Reader reader = new InputStreamReader(input, StandardCharsets.UTF_8)) {
      request = parse(reader);
    }
    PaymentResult result = gateway.charge(request);
    if (context != null) {
      context.getLogger().log(
          "payment orderId=" + result.orderId() + " status=" + result.status()
              + (result.reason().isPresent() ? " reason=\"" + result.reason().get() + "\"" : "") + "\n");
    }
    PaymentCodec.writeResult(result, new OutputStreamWriter(output, StandardCharsets.UTF_8));
  }

  /**
   * Reads and checks a request.
   *
   * @throws InvalidPaymentRequestException naming what is wrong with the request
   */
  static PaymentRequest parse(Reader reader) throws IOException {
    try {
      return PaymentCodec.readRequest(reader);
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException e) {
      // Gson reports malformed JSON and wrong types; the strict builder reports missing
      // fields (IllegalStateException); the value check reports out-of-range values.
      throw new InvalidPaymentRequestException("invalid payment request: " + e.getMessage(), e);
    }
  }
}
