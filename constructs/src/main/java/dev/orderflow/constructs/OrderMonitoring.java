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
 * Alarms and a CloudWatch dashboard over the order flow: orders in a dead-letter queue, failed
 * workflow runs, pipe failures, API server errors and latency, and the age of the oldest queued
 * order. Each alarm's description says what it means and where to look (see docs/operations.md).
 */
public class OrderMonitoring extends Construct {

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
        .markdown("# Order flow\nAPI → queue → pipe → workflow → table → stream → notifier. "
            + "Alarms and what to do: docs/operations.md")
        .width(24).height(2).build());
    MetricOptions period = MetricOptions.builder().period(PERIOD).build();

    props.api().ifPresent(api -> {
      Metric errors = api.metricServerErrors(period);
      Metric latency = api.metricLatency(period);
      alarm("ApiServerErrors", errors, 1, "The order API answered server errors (5XX): callers could not order");
      alarm("ApiLatency", latency, props.maxApiLatency().toMilliseconds().doubleValue(),
          "The order API's p99 latency is above " + props.maxApiLatency().toHumanString());
      widgets.add(graph("API server errors", errors));
      widgets.add(graph("API latency (p99, ms)", latency));
    });
    props.queue().ifPresent(queue -> {
      Metric age = queue.metricAgeOfOldestOrder(period);
      Metric dead = queue.metricMessagesInDeadLetterQueue(period);
      alarm("OldestOrderAge", age, props.maxOrderAge().toSeconds(TimeConversionOptions.builder().integral(false).build()).doubleValue(),
          "An order has waited in the queue longer than " + props.maxOrderAge().toHumanString() + ": processing has stalled");
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
      Metric failed = workflow.metricFailedRuns(MetricOptions.builder().period(PERIOD).statistic("Sum").build());
      alarm("FailedWorkflowRuns", failed, 1,
          "Order workflow runs failed as a whole (for example timed out): their whole batch went back to the queue");
      widgets.add(graph("Failed workflow runs", failed));
    });
    props.notifier().ifPresent(notifier -> {
      Metric failures = notifier.metricFailures(period);
      Metric dead = notifier.metricMessagesInDeadLetterQueue(MetricOptions.builder().period(PERIOD).statistic("Maximum").build());
      alarm("NotifierPipeFailures", failures, 1, "The notifier pipe could not publish order status messages");
      alarm("NotificationsInDeadLetterQueue", dead, 1,
          "Order status changes could not be published and wait in the notifier's dead-letter queue");
      widgets.add(graph("Notifier pipe failures", failures));
      widgets.add(graph("Notifications in dead-letter queue", dead));
    });

    Dashboard.Builder dashboardBuilder = Dashboard.Builder.create(this, "Dashboard");
    props.dashboardName().ifPresent(dashboardBuilder::dashboardName);
    this.dashboard = dashboardBuilder.build();
    for (int i = 0; i < widgets.size(); i += 4) {
      dashboard.addWidgets(widgets.subList(i, Math.min(i + 4, widgets.size())).toArray(IWidget[]::new));
    }
  }

  private void alarm(String id, IMetric metric, double threshold, String description) {
    Alarm alarm = Alarm.Builder.create(this, id)
        .metric(metric)
        .threshold(threshold)
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

  private static GraphWidget graph(String title, IMetric metric) {
    return GraphWidget.Builder.create().title(title).left(List.of(metric)).width(6).height(6).build();
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
