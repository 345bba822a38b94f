package dev.orderflow.constructs;

import dev.orderflow.constructs.internal.Metrics;
import java.util.ArrayList;
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
import software.amazon.awscdk.services.cloudwatch.Metric;
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
      Metric errors = api.metricServerErrors(period);
      Metric latency = api.metricLatency(period);
      alarm("ApiServerErrors", errors, 1, "The order API answered server errors (5XX): callers could not order");
      alarm("ApiLatency", latency, props.maxApiLatency().toMilliseconds().doubleValue(),
          "The order API's p99 latency is above its threshold (maxApiLatency, in milliseconds)");
      widgets.add(graph("API server errors", errors));
      widgets.add(graph("API latency (p99, ms)", latency));
    });
    props.queue().ifPresent(queue -> {
      Metric age = queue.metricAgeOfOldestOrder(period);
      Metric dead = queue.metricMessagesInDeadLetterQueue(period);
      alarm("OldestOrderAge", age, props.maxOrderAge().toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue(),
          "An order has waited in the queue longer than its threshold (maxOrderAge, in seconds): processing has stalled");
      alarm("OrdersInDeadLetterQueue", dead, 1,
          "Orders failed processing maxReceiveCount times and wait in the dead-letter queue: inspect, fix, redrive");
      widgets.add(graph("Age of oldest queued order (s)", age));
      widgets.add(graph("Orders in dead-letter queue", dead));
    });
    props.pipe().ifPresent(pipe -> {
      Metric failures = pipe.metricFailures(period);
      Metric partial = pipe.metricPartialFailures(period);
      alarm("OrderPipeFailures", failures, 1, "The pipe from the orders queue could not start the workflow");
      alarm("OrdersFailedInBatch", partial, 1,
          "Orders of a batch failed (a malformed message or a technical failure) and went back to the queue");
      widgets.add(graph("Order pipe failures", failures));
      widgets.add(graph("Batches with failed orders", partial));
    });
    props.workflow().ifPresent(workflow -> {
      Metric failed = workflow.metricFailedRuns(sum);
      Metric timedOut = workflow.metricTimedOutRuns(sum);
      Metric throttled = workflow.metricThrottledRuns(sum);
      alarm("FailedWorkflowRuns", failed, 1,
          "Order workflow runs failed as a whole (for example timed out): their whole batch went back to the queue");
      alarm("TimedOutWorkflowRuns", timedOut, 1,
          "Order workflow runs exceeded their time limit: a payment step or the table answers too slowly");
      alarm("ThrottledWorkflowRuns", throttled, 1,
          "Step Functions throttled the order workflow: orders wait in the queue until it accepts runs again");
      widgets.add(graph("Failed workflow runs", failed));
      widgets.add(graph("Timed-out and throttled workflow runs", timedOut, throttled));
      workflow.getPaymentFunction().ifPresent(payment -> {
        Metric errors = payment.getFunction().metricErrors(sum);
        Metric throttles = payment.getFunction().metricThrottles(sum);
        alarm("PaymentErrors", errors, 1,
            "The payment function failed (the workflow retries, then marks the order FAILED): see its log group");
        alarm("PaymentThrottles", throttles, 1,
            "Lambda throttled the payment function: payments are retried, and orders fail after the retries");
        widgets.add(graph("Payment errors and throttles", errors, throttles));
      });
    });
    props.notifier().ifPresent(notifier -> {
      Metric failures = notifier.metricFailures(period);
      Metric dead = notifier.metricMessagesInDeadLetterQueue(maximum);
      Metric emails = notifier.metricEmailsInDeadLetterQueue(maximum);
      alarm("NotifierPipeFailures", failures, 1, "The notifier pipe could not publish order status messages");
      alarm("NotificationsInDeadLetterQueue", dead, 1,
          "Order status changes could not be published and wait in the notifier's dead-letter queue");
      alarm("EmailsInDeadLetterQueue", emails, 1,
          "SNS could not deliver order status emails; they wait in the email subscriptions' dead-letter queue");
      widgets.add(graph("Notifier pipe failures", failures));
      widgets.add(graph("Notifications and emails in dead-letter queues", dead, emails));
    });
    props.events().ifPresent(events -> {
      Metric failures = events.metricPipeFailures(period);
      Metric dead = events.metricMessagesInPipeDeadLetterQueue(maximum);
      Metric updates = events.metricMessagesInPublishDeadLetterQueue(maximum);
      alarm("OrderEventsPipeFailures", failures, 1, "The order events pipe could not put events on the bus");
      alarm("OrderEventsInDeadLetterQueue", dead, 1,
          "Order changes could not be put on the bus and wait in the order events pipe's dead-letter queue");
      alarm("OrderUpdatesInDeadLetterQueue", updates, 1,
          "Order events could not be published to the API's subscribers and wait in the rule's dead-letter queue");
      widgets.add(graph("Order events pipe failures", failures));
      widgets.add(graph("Order events and updates in dead-letter queues", dead, updates));
    });

    Dashboard.Builder dashboardBuilder = Dashboard.Builder.create(this, "Dashboard");
    props.dashboardName().ifPresent(dashboardBuilder::dashboardName);
    this.dashboard = dashboardBuilder.build();
    for (int i = 0; i < widgets.size(); i += 4) {
      dashboard.addWidgets(widgets.subList(i, Math.min(i + 4, widgets.size())).toArray(IWidget[]::new));
    }
  }

  private void alarm(String id, IMetric metric, double defaultThreshold, String description) {
    if (props.disabledAlarms().contains(id)) {
      return;
    }
    Alarm alarm = Alarm.Builder.create(this, id)
        .metric(metric)
        .threshold(props.alarmThresholds().getOrDefault(id, defaultThreshold))
        .evaluationPeriods(1)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .alarmDescription(description)
        .build();
    props.alarmTopic().ifPresent(topic -> {
      alarm.addAlarmAction(new SnsAction(topic));
      alarm.addOkAction(new SnsAction(topic));
    });
    alarms.add(alarm);
  }

  private static GraphWidget graph(String title, IMetric... metrics) {
    return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(6).height(6).build();
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
