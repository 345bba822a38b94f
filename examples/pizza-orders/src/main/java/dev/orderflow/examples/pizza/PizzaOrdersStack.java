package dev.orderflow.examples.pizza;

import dev.orderflow.constructs.PaymentFunction;
import dev.orderflow.constructs.PaymentFunctionProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The pizza-order system: grows into the whole order API as its building blocks land. */
public class PizzaOrdersStack extends Stack {

  private final PaymentFunction payment;

  public PizzaOrdersStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    this.payment = new PaymentFunction(this, "Payment", PaymentFunctionProps.builder().build());
  }

  public PaymentFunction getPayment() {
    return payment;
  }
}
