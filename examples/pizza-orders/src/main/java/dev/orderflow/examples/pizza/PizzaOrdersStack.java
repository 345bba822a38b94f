package dev.orderflow.examples.pizza;

import dev.orderflow.constructs.OrderQueue;
import dev.orderflow.constructs.OrderTable;
import dev.orderflow.constructs.OrderTableProps;
import dev.orderflow.constructs.OrderWorkflow;
import dev.orderflow.constructs.OrderWorkflowProps;
import dev.orderflow.constructs.QueueToStateMachinePipe;
import dev.orderflow.constructs.QueueToStateMachinePipeProps;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/** The pizza-order system: grows into the whole order API as its building blocks land. */
public class PizzaOrdersStack extends Stack {

  private final OrderWorkflow workflow;

  public PizzaOrdersStack(Construct scope, String id, StackProps props) {
    super(scope, id, props);
    // An example is deployed to be torn down: its table goes with the stack.
    OrderTable orders = new OrderTable(this, "Orders",
        OrderTableProps.builder().removalPolicy(RemovalPolicy.DESTROY).build());
    OrderQueue queue = new OrderQueue(this, "Queue");
    this.workflow = new OrderWorkflow(this, "Workflow",
        OrderWorkflowProps.builder().table(orders.getTable()).build());
    new QueueToStateMachinePipe(this, "Pipe", QueueToStateMachinePipeProps.builder()
        .queue(queue.getQueue())
        .stateMachine(workflow.getStateMachine())
        .invocationType(workflow.getWorkflowType().pipeInvocationType())
        .build());
  }

  public OrderWorkflow getWorkflow() {
    return workflow;
  }
}
