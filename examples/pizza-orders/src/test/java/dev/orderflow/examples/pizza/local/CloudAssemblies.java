package dev.orderflow.examples.pizza.local;

import dev.orderflow.constructs.ImmutableOrderWorkflowProps;
import dev.orderflow.constructs.OrderQueue;
import dev.orderflow.constructs.OrderQueueProps;
import dev.orderflow.constructs.OrderStatusNotifier;
import dev.orderflow.constructs.OrderStatusNotifierProps;
import dev.orderflow.constructs.OrderTable;
import dev.orderflow.constructs.OrderTableProps;
import dev.orderflow.constructs.OrderWorkflow;
import dev.orderflow.constructs.OrderWorkflowProps;
import dev.orderflow.constructs.PaymentFunctionProps;
import dev.orderflow.constructs.QueueToStateMachinePipe;
import dev.orderflow.constructs.QueueToStateMachinePipeProps;
import dev.orderflow.examples.pizza.Jsii;
import dev.orderflow.examples.pizza.SynthesizedExample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/** Synthesizes the stacks that the end-to-end tests run, each into a cloud assembly of its own. */
final class CloudAssemblies {

  static final String NOTIFICATION_EMAIL = SynthesizedExample.NOTIFICATION_EMAIL;

  /**
   * The lock of the example's shared system ({@code LocalSystemExtension.shared(CloudAssemblies::pizzaOrders,
   * "PizzaOrders")}): the classes that share it take it, so that one class's orders do not keep
   * the system from being quiet while another waits for it to be.
   */
  static final String SHARED_SYSTEM = "the example's shared local system";

  private CloudAssemblies() {}

  private static final Map<String, Path> SYNTHESIZED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The example's own stack, with a notification address: the run's one synth of it, shared with the stack checks. */
  static Path pizzaOrders() {
    return SynthesizedExample.get().cloudAssembly();
  }

  /** A stack of the building blocks alone, without the composite or a GraphQL API; synthesized once a run. */
  static Path buildingBlocks() {
    return SYNTHESIZED.computeIfAbsent("building-blocks", name -> buildingBlocks("building-blocks", "OrderBlocks",
        "blocks@example.com",
        stack -> OrderWorkflowProps.builder()
            .paymentFunctionProps(PaymentFunctionProps.builder().approvalRate(1.0).build())));
  }

  /**
   * A stack of the building blocks: table, queue, workflow, pipe and notifier.
   *
   * @param payment the workflow's payment step, set on a builder that the table is added to
   */
  static Path buildingBlocks(String folder, String stackName, String email,
      Function<Stack, ImmutableOrderWorkflowProps.Builder> payment) {
    return Jsii.locked(() -> synthesizeBuildingBlocks(folder, stackName, email, payment));
  }

  private static Path synthesizeBuildingBlocks(String folder, String stackName, String email,
      Function<Stack, ImmutableOrderWorkflowProps.Builder> payment) {
    Path outdir = newOutdir(folder);
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());
    Stack stack = new Stack(app, stackName, StackProps.builder().build());
    OrderTable table = new OrderTable(stack, "Table", OrderTableProps.builder().build());
    OrderQueue queue = new OrderQueue(stack, "Queue", OrderQueueProps.builder().build());
    OrderWorkflow workflow = new OrderWorkflow(stack, "Workflow", payment.apply(stack)
        .table(table.getTable())
        .build());
    new QueueToStateMachinePipe(stack, "Pipe", QueueToStateMachinePipeProps.builder()
        .queue(queue.getQueue())
        .stateMachine(workflow.getStateMachine())
        .invocationType(workflow.getWorkflowType().pipeInvocationType())
        .build());
    new OrderStatusNotifier(stack, "Notifier", OrderStatusNotifierProps.builder()
        .table(table.getTable())
        .addNotificationEmails(email)
        .build());
    app.synth();
    return outdir;
  }

  /**
   * A Java 21 function whose handler is a test class that needs only the JDK, packaged alone.
   *
   * @param handler a class with a {@code handleRequest} method
   */
  static software.amazon.awscdk.services.lambda.Function.Builder javaFunction(Stack stack, String id, Class<?> handler) {
    return software.amazon.awscdk.services.lambda.Function.Builder.create(stack, id)
        .runtime(software.amazon.awscdk.services.lambda.Runtime.JAVA_21)
        .handler(handler.getName() + "::handleRequest")
        .code(software.amazon.awscdk.services.lambda.Code.fromAsset(classAsset(handler).toString()));
  }

  /** A class file alone, laid out as a Lambda Java asset: for handlers that need only the JDK. */
  static Path classAsset(Class<?> handler) {
    String resource = handler.getName().replace('.', '/') + ".class";
    try {
      Path asset = Files.createTempDirectory("orderflow-handler-");
      Path target = asset.resolve(resource);
      Files.createDirectories(target.getParent());
      try (var in = handler.getClassLoader().getResourceAsStream(resource)) {
        Files.copy(in, target);
      }
      return asset;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path newOutdir(String name) {
    try {
      Path outdir = Files.createTempDirectory("orderflow-" + name + "-");
      outdir.toFile().deleteOnExit();
      return outdir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
