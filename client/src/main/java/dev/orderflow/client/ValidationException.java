package dev.orderflow.client;

import java.util.List;
import java.util.Optional;

/** The API refused an input: each {@link Violation} names a field, its value and what is allowed. */
public class ValidationException extends OrderApiException {

  private static final long serialVersionUID = 1L;

  /** The refused fields; empty when the API named none. */
  private final transient List<Violation> violations;

  /**
   * A refused input.
   *
   * @param message the API's message
   * @param errorType the API's errorType
   * @param violations the refused fields, possibly none
   */
  public ValidationException(String message, String errorType, List<Violation> violations) {
    super(message, errorType, 200, null);
    this.violations = List.copyOf(violations);
  }

  /** Each refused field with its value and what is allowed. */
  public List<Violation> violations() {
    return violations;
  }

  /** The first refused field, when the API named one. */
  public Optional<String> field() {
    return violations.stream().map(Violation::field).findFirst();
  }
}
