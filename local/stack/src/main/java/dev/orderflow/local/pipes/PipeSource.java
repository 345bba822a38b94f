package dev.orderflow.local.pipes;

/** The polling side of a pipe: it reads its source and hands batches to the target. */
interface PipeSource extends AutoCloseable {

  void start();

  /** Nothing buffered, no batch in flight. */
  boolean idle();

  /** Stops reading and frees every thread. */
  @Override
  void close();
}
