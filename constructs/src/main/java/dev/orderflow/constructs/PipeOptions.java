package dev.orderflow.constructs;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * What the pipes of OrderFlow share: how they log, and the pipe's own settings passed through.
 * {@link QueueToStateMachinePipeOptions}, {@link OrderStatusNotifierOptions} and
 * {@link OrderEventsOptions} extend it.
 */
public interface PipeOptions extends LoggingOptions {

  /**
   * What the pipe logs. At the default level, a log record names the failed step and its error,
   * never an order's contents.
   *
   * @default PipeLogLevel.ERROR
   */
  @Value.Default
  default PipeLogLevel logLevel() {
    return PipeLogLevel.ERROR;
  }

  /**
   * Settings of the pipe's {@code AWS::Pipes::Pipe} resource, passed to it as they are: a name,
   * a description, a desired state, tags, and source or target parameters that the construct
   * leaves unset. The construct refuses, when it is created, a parameter it sets itself with
   * another value, naming it.
   *
   * @default - OrderFlow's settings alone
   */
  Optional<PipeSettings> pipeSettings();
}
