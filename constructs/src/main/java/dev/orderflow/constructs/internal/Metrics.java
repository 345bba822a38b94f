package dev.orderflow.constructs.internal;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;

/** CloudWatch metrics of services that CDK offers no metric method for. */
public final class Metrics {

  /** The period of every OrderFlow metric unless the options say otherwise. */
  public static final Duration DEFAULT_PERIOD = Duration.minutes(5);

  private Metrics() {}

  /** A metric with the statistic and period of {@code options}, or the defaults. */
  public static Metric metric(String namespace, String name, Map<String, String> dimensions,
      String defaultStatistic, MetricOptions options) {
    return Metric.Builder.create()
        .namespace(namespace)
        .metricName(name)
        .dimensionsMap(dimensions)
        .statistic(options.getStatistic() != null ? options.getStatistic() : defaultStatistic)
        .period(options.getPeriod() != null ? options.getPeriod() : DEFAULT_PERIOD)
        .label(options.getLabel())
        .build();
  }
}
