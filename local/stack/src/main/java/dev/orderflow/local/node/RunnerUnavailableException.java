package dev.orderflow.local.node;

import java.io.Serial;

/**
 * A call to a {@link NodeProcess} that cannot be answered because its Node.js child has ended, the
 * process gave up restarting it, or it was closed. Calls in flight when a child dies fail with it at
 * once, never by timing out.
 */
public final class RunnerUnavailableException extends IllegalStateException {

  @Serial
  private static final long serialVersionUID = 1L;

  /** Why the runner cannot answer. */
  public enum Reason {
    /** Its child ended while the call was in flight; the next call goes to a restarted child. */
    ENDED,
    /** Its child ended too often: it is not restarted any more and every call fails. */
    GAVE_UP,
    /** It was closed. */
    CLOSED
  }

  private final String runner;
  private final Reason reason;

  RunnerUnavailableException(String runner, Reason reason, String message) {
    super(message);
    this.runner = runner;
    this.reason = reason;
  }

  /**
   * The runner's name, such as {@code Step Functions runner}.
   *
   * @return its name
   */
  public String runner() {
    return runner;
  }

  /**
   * Why the call could not be answered.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
