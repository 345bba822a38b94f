package dev.orderflow.local.dynamodb.expression;

/** One token of an expression, with its place in the text for syntax errors. */
record Token(Type type, String text, int start, int end) {

  /** What a token is. */
  enum Type {
    NAME, NAME_REF, VALUE_REF, NUMBER, DOT, LBRACKET, RBRACKET, LPAREN, RPAREN, COMMA,
    EQ, NE, LT, LE, GT, GE, PLUS, MINUS, EOF
  }

  boolean is(Type expected) {
    return type == expected;
  }

  /** Whether this is the given keyword; keywords are case-insensitive. */
  boolean isKeyword(String keyword) {
    return type == Type.NAME && text.equalsIgnoreCase(keyword);
  }

  boolean isComparator() {
    return type == Type.EQ || type == Type.NE || type == Type.LT || type == Type.LE || type == Type.GT
        || type == Type.GE;
  }
}
