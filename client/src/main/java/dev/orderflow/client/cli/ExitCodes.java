package dev.orderflow.client.cli;

/** The exit codes of the command line, which scripts can rely on (docs/client.md lists them). */
final class ExitCodes {
  /** Done as asked. */
  static final int OK = 0;
  /** An unexpected error. */
  static final int ERROR = 1;
  /** Bad or missing arguments, options or settings (no URL, no key, unreadable outputs file). */
  static final int USAGE = 2;
  /** The order does not exist, or is not the caller's. */
  static final int NOT_FOUND = 3;
  /** The API refused the call: invalid input, or an order whose state does not allow it. */
  static final int REFUSED = 4;
  /** The API refused the credentials. */
  static final int UNAUTHORIZED = 5;
  /** The API could not be reached, kept throttling, or failed on its side. */
  static final int UNAVAILABLE = 6;
  /** watch or load ended with orders not final (the deadline passed), or load had failed posts. */
  static final int INCOMPLETE = 7;

  private ExitCodes() {}
}
