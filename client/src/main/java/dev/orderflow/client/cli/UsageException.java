package dev.orderflow.client.cli;

/** A setting that is missing or wrong: one line for the user, exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message, null, false, false);
  }
}
