package dev.orderflow.local.cli;

/** A command line that cannot be run as given; its message says what is wrong and what is allowed. */
final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
