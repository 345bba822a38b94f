package dev.orderflow.local.assembly;

/**
 * A cloud assembly or template that cannot be read or run as it is: the message names the file,
 * logical id or property at fault and what is allowed.
 */
public class AssemblyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An error with its message.
   *
   * @param message what was wrong, naming the logical id, property or file
   */
  public AssemblyException(String message) {
    super(message);
  }

  /**
   * An error with its message and cause.
   *
   * @param message what was wrong, naming the logical id, property or file
   * @param cause the underlying error
   */
  public AssemblyException(String message, Throwable cause) {
    super(message, cause);
  }
}
