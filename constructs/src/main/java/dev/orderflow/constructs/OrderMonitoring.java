package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Metrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.constructs.Construct;

/**
 * Alarms and a CloudWatch dashboard over the order flow: messages in every dead-letter queue,
 * failed, timed-out and throttled workflow runs, payment errors and throttles, pipe failures, API
 * server errors and latency, and the age of the oldest queued order. Each alarm can be turned off
 * ({@code disabledAlarms}) or given another threshold ({@code alarmThresholds}) by its id. Each alarm's description says what it means and where to look (see docs/operations.md).
 */
public class OrderMonitoring extends Construct {

  /**
   * The id of every alarm OrderMonitoring can make, for {@code disabledAlarms} and
   * {@code alarmThresholds}; an alarm is made when the part it watches is given.
   */
  public static final List<String> ALARM_IDS = List.of(
      "ApiServerErrors", "ApiLatency", "OldestOrderAge", "OrdersInDeadLetterQueue", "OrderPipeFailures",
      "OrdersFailedInBatch", "FailedWorkflowRuns", "TimedOutWorkflowRuns", "ThrottledWorkflowRuns",
      "PaymentErrors", "PaymentThrottles", "NotifierPipeFailures", "NotificationsInDeadLetterQueue",
      "EmailsInDeadLetterQueue", "OrderEventsPipeFailures", "OrderEventsInDeadLetterQueue",
      "OrderUpdatesInDeadLetterQueue");

  private static final Duration PERIOD = Metrics.DEFAULT_PERIOD;

  private final List<Alarm> alarms = new ArrayList<>();
  private final Dashboard dashboard;
  private final OrderMonitoringProps props;

  /** Creates it from {@code props}, which were checked when they were built. */
  public OrderMonitoring(Construct scope, String id, OrderMonitoringProps props) {
    super(scope, id);
    this.props = props;
    List<IWidget> widgets = new ArrayList<>();
    widgets.add(TextWidget.Builder.create()
        .markdown("# Order flow\nAPI → queue → pipe → workflow → table → stream → notifier and order events. "
            + "Alarms and what to do: docs/operations.md")
        .width(24).height(2).build());
    MetricOptions period = MetricOptions.builder().period(PERIOD).build();
    MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    MetricOptions maximum = MetricOptions.builder().period(PERIOD).statistic("Maximum").build();

    props.api().ifPresent(api -> {
      watch(widgets, "API server errors", new Watch("ApiServerErrors", api.metricServerErrors(period), 1,
          "The order API answered server errors (5XX): callers could not order"));
      watch(widgets, "API latency (p99, ms)", new Watch("ApiLatency", api.metricLatency(period),
          props.maxApiLatency().toMilliseconds().doubleValue(),
          "The order API's p99 latency is above its threshold (maxApiLatency, in milliseconds)"));
    });
    props.queue().ifPresent(queue -> {
      watch(widgets, "Age of oldest queued order (s)", new Watch("OldestOrderAge", queue.metricAgeOfOldestOrder(period),
          props.maxOrderAge().toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue(),
          "An order has waited in the queue longer than its threshold (maxOrderAge, in seconds): processing has stalled"));
      watch(widgets, "Orders in dead-letter queue", new Watch("OrdersInDeadLetterQueue",
          queue.metricMessagesInDeadLetterQueue(period), 1,
          "Orders failed processing maxReceiveCount times and wait in the dead-letter queue: inspect, fix, redrive"));
    });
    props.pipe().ifPresent(pipe -> {
      watch(widgets, "Order pipe failures", new Watch("OrderPipeFailures", pipe.metricFailures(period), 1,
          "The pipe from the orders queue could not start the workflow"));
      watch(widgets, "Batches with failed orders", new Watch("OrdersFailedInBatch", pipe.metricPartialFailures(period), 1,
          "Orders of a batch failed (a malformed message or a technical failure) and went back to the queue"));
    });
    props.workflow().ifPresent(workflow -> {
      watch(widgets, "Failed workflow runs", new Watch("FailedWorkflowRuns", workflow.metricFailedRuns(sum), 1,
          "Order workflow runs failed as a whole (for example timed out): their whole batch went back to the queue"));
      watch(widgets, "Timed-out and throttled workflow runs",
          new Watch("TimedOutWorkflowRuns", workflow.metricTimedOutRuns(sum), 1,
              "Order workflow runs exceeded their time limit: a payment step or the table answers too slowly"),
          new Watch("ThrottledWorkflowRuns", workflow.metricThrottledRuns(sum), 1,
              "Step Functions throttled the order workflow: orders wait in the queue until it accepts runs again"));
      workflow.getPaymentFunction().ifPresent(payment -> watch(widgets, "Payment errors and throttles",
          new Watch("PaymentErrors", payment.getFunction().metricErrors(sum), 1,
              "The payment function failed (the workflow retries, then marks the order FAILED): see its log group"),
          new Watch("PaymentThrottles", payment.getFunction().metricThrottles(sum), 1,
              "Lambda throttled the payment function: payments are retried, and orders fail after the retries")));
    });
    props.notifier().ifPresent(notifier -> {
      watch(widgets, "Notifier pipe failures", new Watch("NotifierPipeFailures", notifier.metricFailures(period), 1,
          "The notifier pipe could not publish order status messages"));
      watch(widgets, "Notifications and emails in dead-letter queues",
          new Watch("NotificationsInDeadLetterQueue", notifier.metricMessagesInDeadLetterQueue(maximum), 1,
              "Order status changes could not be published and wait in the notifier's dead-letter queue"),
          new Watch("EmailsInDeadLetterQueue", notifier.metricEmailsInDeadLetterQueue(maximum), 1,
              "SNS could not deliver order status emails; they wait in the email subscriptions' dead-letter queue"));
    });
    props.events().ifPresent(events -> {
      watch(widgets, "Order events pipe failures", new Watch("OrderEventsPipeFailures", events.metricPipeFailures(period), 1,
          "The order events pipe could not put events on the bus"));
      watch(widgets, "Order events and updates in dead-letter queues",
          new Watch("OrderEventsInDeadLetterQueue", events.metricMessagesInPipeDeadLetterQueue(maximum), 1,
              "Order changes could not be put on the bus and wait in the order events pipe's dead-letter queue"),
          new Watch("OrderUpdatesInDeadLetterQueue", events.metricMessagesInPublishDeadLetterQueue(maximum), 1,
              "Order events could not be published to the API's subscribers and wait in the rule's dead-letter queue"));
    });

    Dashboard.Builder dashboardBuilder = Dashboard.Builder.create(this, "Dashboard");
    props.dashboardName().ifPresent(dashboardBuilder::dashboardName);
    this.dashboard = dashboardBuilder.build();
    for (int i = 0; i < widgets.size(); i += 4) {
      dashboard.addWidgets(widgets.subList(i, Math.min(i + 4, widgets.size())).toArray(IWidget[]::new));
    }
  }

  /**
   * A metric and its alarm: made with the id as its construct id, at or above the threshold
   * ({@code alarmThresholds} may replace it), unless {@code disabledAlarms} names it.
   */
  private record Watch(String id, IMetric metric, double defaultThreshold, String description) {}

  /** One graph of the watches' metrics, and the alarm of each watch. */
  private void watch(List<IWidget> widgets, String title, Watch... watches) {
    for (Watch watch : watches) {
      alarm(watch);
    }
    widgets.add(GraphWidget.Builder.create()
        .title(title)
        .left(Arrays.stream(watches).map(Watch::metric).toList())
        .width(6).height(6)
        .build());
  }

  private void alarm(Watch watch) {
    String id = watch.id();
    if (props.disabledAlarms().contains(id)) {
      return;
    }
    Alarm alarm = Alarm.Builder.create(this, id)
        .metric(watch.metric())
        .threshold(props.alarmThresholds().getOrDefault(id, watch.defaultThreshold()))
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(watch.description())
        .build();
    props.alarmTopic().ifPresent(topic -> {
      alarm.addAlarmAction(new SnsAction(topic));
      alarm.addOkAction(new SnsAction(topic));
    });
    alarms.add(alarm);
  }

  /** Every alarm, in the order they were made. */
  public List<Alarm> getAlarms() {
    return Collections.unmodifiableList(alarms);
  }

  /** The dashboard of the order flow. */
  public Dashboard getDashboard() {
    return dashboard;
  }
}
