package dev.orderflow.local.stepfunctions;

/** The execution names that Step Functions accepts. */
final class ExecutionNames {

  static final int MAX_LENGTH = 80;
  private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

  private ExecutionNames() {
  }

  /** Returns the name if Step Functions accepts it, and otherwise fails naming the reason. */
  static String require(String name) {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw invalid(name, "it has " + name.length() + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw invalid(name, "it contains white space at index " + i);
      }
      if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF) {
        throw invalid(name, "it contains the control character U+" + String.format("%04X", (int) c) + " at index " + i);
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        throw invalid(name, "it contains '" + c + "' at index " + i);
      }
      if (Character.isSurrogate(c)) {
        throw invalid(name, "it contains a surrogate at index " + i);
      }
    }
    return name;
  }

  private static IllegalArgumentException invalid(String name, String why) {
    return new IllegalArgumentException("executionName '" + name + "' is not allowed: " + why + "; a name has 1 to "
        + MAX_LENGTH + " characters without white space, brackets < > { } [ ], wildcards ? *, the characters"
        + " \" # % \\ ^ | ~ ` $ & , ; : / or control characters");
  }
}
