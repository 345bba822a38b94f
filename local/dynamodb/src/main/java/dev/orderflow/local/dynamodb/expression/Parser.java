package dev.orderflow.local.dynamodb.expression;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A recursive-descent parser for the four expression grammars; it only checks syntax. */
final class Parser {

  private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
  /** The clause keywords of an update expression, which no name there can be. */
  private static final Set<String> UPDATE_CLAUSES = Set.of("SET", "REMOVE", "ADD", "DELETE");
  /** DynamoDB's limit on the length of any expression, in UTF-8 bytes. */
  static final int MAX_EXPRESSION_BYTES = 4096;
  /** DynamoDB's limit on operators and functions in one expression. */
  static final int MAX_OPERATORS = 300;
  /**
   * Parentheses nested deeper than this cannot all be needed, since the operators they would
   * group are at most {@link #MAX_OPERATORS}; refusing them early also bounds the recursion.
   */
  private static final int MAX_NESTING = MAX_OPERATORS + 1;

  private final String text;
  private final String parameterName;
  private final List<Token> tokens;
  /** For each opening parenthesis, the index of its closing one (or -1). */
  private final int[] closing;
  /** Whether an update expression is parsed. */
  private boolean update;
  private int pos;
  private int operators;
  private int nesting;

  private Parser(String text, String parameterName) {
    int bytes = utf8Length(text);
    if (bytes > MAX_EXPRESSION_BYTES && !Limits.areLifted()) {
      throw Errors.invalid(parameterName, "Expression size has exceeded the maximum allowed size; expression size: "
          + bytes);
    }
    this.text = text;
    this.parameterName = parameterName;
    this.tokens = Tokenizer.tokenize(text, parameterName);
    if (tokens.size() == 1) {
      throw Errors.empty(parameterName);
    }
    this.closing = new int[tokens.size()];
    int[] open = new int[tokens.size()];
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      closing[i] = -1;
      if (tokens.get(i).is(Token.Type.LPAREN)) {
        open[depth++] = i;
      } else if (tokens.get(i).is(Token.Type.RPAREN) && depth > 0) {
        closing[open[--depth]] = i;
      }
    }
  }

  private static int utf8Length(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** Counts one operator or function, refusing the expression past DynamoDB's limit. */
  private void operator() {
    if (++operators > MAX_OPERATORS && !Limits.areLifted()) {
      throw Errors.invalid(parameterName, "The expression contains too many operators; operator count: " + operators);
    }
  }

  private void enter() {
    if (++nesting > MAX_NESTING) {
      throw Errors.invalid(parameterName, "The expression has redundant parentheses;");
    }
  }

  /** Parses a ConditionExpression, FilterExpression or KeyConditionExpression. */
  static Ast.Cond condition(String text, String parameterName) {
    Parser parser = new Parser(text, parameterName);
    Ast.Cond result = parser.or();
    parser.expect(Token.Type.EOF);
    return result;
  }

  /** Parses a ProjectionExpression. */
  static List<Ast.Path> projection(String text, String parameterName) {
    Parser parser = new Parser(text, parameterName);
    List<Ast.Path> paths = new ArrayList<>();
    paths.add(parser.path());
    while (parser.accept(Token.Type.COMMA)) {
      paths.add(parser.path());
    }
    parser.expect(Token.Type.EOF);
    return paths;
  }

  /** Parses an UpdateExpression. */
  static Ast.UpdateTree update(String text, String parameterName) {
    Parser parser = new Parser(text, parameterName);
    parser.update = true;
    List<Ast.Action> actions = new ArrayList<>();
    EnumSet<Ast.ActionKind> seen = EnumSet.noneOf(Ast.ActionKind.class);
    Ast.ActionKind repeated = null;
    while (!parser.peek().is(Token.Type.EOF)) {
      Ast.ActionKind kind = parser.clauseKeyword();
      if (!seen.add(kind) && repeated == null) {
        repeated = kind;
      }
      do {
        actions.add(parser.action(kind));
      } while (parser.accept(Token.Type.COMMA));
    }
    return new Ast.UpdateTree(actions, repeated);
  }

  // ---- conditions, lowest precedence first

  private Ast.Cond or() {
    Ast.Cond left = and();
    while (peek().isKeyword("OR")) {
      pos++;
      operator();
      left = new Ast.Or(left, and());
    }
    return left;
  }

  private Ast.Cond and() {
    Ast.Cond left = not();
    while (peek().isKeyword("AND")) {
      pos++;
      operator();
      left = new Ast.And(left, not());
    }
    return left;
  }

  private Ast.Cond not() {
    if (peek().isKeyword("NOT")) {
      pos++;
      operator();
      return new Ast.Not(not());
    }
    return primary();
  }

  private Ast.Cond primary() {
    if (peek().is(Token.Type.LPAREN) && !groupsOperand(pos)) {
      pos++;
      enter();
      Ast.Cond inner = or();
      expect(Token.Type.RPAREN);
      nesting--;
      if (inner instanceof Ast.Paren) {
        throw Errors.invalid(parameterName, "The expression has redundant parentheses;");
      }
      return new Ast.Paren(inner);
    }
    Ast.Operand left = operand();
    Token next = peek();
    if (next.isComparator()) {
      pos++;
      operator();
      return new Ast.Compare(next.text(), left, operand());
    }
    if (next.isKeyword("BETWEEN")) {
      pos++;
      operator();
      Ast.Operand low = operand();
      if (!peek().isKeyword("AND")) {
        throw unexpected();
      }
      pos++;
      return new Ast.Between(left, low, operand());
    }
    if (next.isKeyword("IN")) {
      pos++;
      operator();
      expect(Token.Type.LPAREN);
      List<Ast.Operand> candidates = new ArrayList<>();
      do {
        candidates.add(operand());
      } while (accept(Token.Type.COMMA));
      expect(Token.Type.RPAREN);
      return new Ast.In(left, candidates);
    }
    if (left instanceof Ast.Call call) {
      return new Ast.FunctionCond(call);
    }
    throw unexpected();
  }

  // ---- operands

  /**
   * Whether the parenthesis at {@code at} wraps an operand, as in {@code (size(a)) > :n}, rather than
   * a condition: what follows its closing parenthesis is a comparison.
   */
  private boolean groupsOperand(int at) {
    int end = closing[at];
    if (end < 0) {
      return false;
    }
    Token after = tokens.get(Math.min(end + 1, tokens.size() - 1));
    return after.isComparator() || after.isKeyword("BETWEEN") || after.isKeyword("IN");
  }

  /** A path, a value, or a function call, whose arguments are operands again; any of them in parentheses. */
  private Ast.Operand operand() {
    Token token = peek();
    if (token.is(Token.Type.LPAREN)) {
      if (peekAt(1).is(Token.Type.LPAREN) && closing[pos] >= 0 && closing[pos + 1] == closing[pos] - 1) {
        // ((operand)): the outer pair serves nothing.
        throw Errors.invalid(parameterName, "The expression has redundant parentheses;");
      }
      pos++;
      enter();
      Ast.Operand inner = operand();
      Token next = peek();
      if (update && (next.is(Token.Type.PLUS) || next.is(Token.Type.MINUS))) {
        // An update's sum in parentheses, as in SET a = (b + c).
        pos++;
        operator();
        inner = new Ast.Arith(inner, next.text(), operand());
      }
      expect(Token.Type.RPAREN);
      nesting--;
      return inner;
    }
    if (token.is(Token.Type.VALUE_REF)) {
      pos++;
      return new Ast.Value(token.text());
    }
    if (token.is(Token.Type.NAME) && peekAt(1).is(Token.Type.LPAREN)) {
      pos += 2;
      operator();
      enter();
      List<Ast.Operand> args = new ArrayList<>();
      if (!peek().is(Token.Type.RPAREN)) {
        do {
          args.add(operand());
        } while (accept(Token.Type.COMMA));
      }
      expect(Token.Type.RPAREN);
      nesting--;
      return new Ast.Call(token.text(), args);
    }
    return path();
  }

  private Ast.Path path() {
    List<Ast.Element> elements = new ArrayList<>();
    elements.add(name());
    while (true) {
      if (accept(Token.Type.DOT)) {
        elements.add(name());
      } else if (accept(Token.Type.LBRACKET)) {
        Token number = peek();
        if (!number.is(Token.Type.NUMBER)) {
          throw unexpected();
        }
        int index;
        try {
          index = Integer.parseInt(number.text());
        } catch (NumberFormatException e) {
          throw unexpected();
        }
        pos++;
        expect(Token.Type.RBRACKET);
        elements.add(new Ast.Element(null, false, index));
      } else {
        return new Ast.Path(elements);
      }
    }
  }

  private Ast.Element name() {
    Token token = peek();
    if (token.is(Token.Type.NAME_REF)) {
      pos++;
      return new Ast.Element(token.text(), true, -1);
    }
    String upper = token.text().toUpperCase(java.util.Locale.ROOT);
    if (token.is(Token.Type.NAME) && !CONDITION_KEYWORDS.contains(upper)
        && !(update && UPDATE_CLAUSES.contains(upper))) {
      pos++;
      return new Ast.Element(token.text(), false, -1);
    }
    throw unexpected();
  }

  // ---- update actions

  private Ast.ActionKind clauseKeyword() {
    Token token = peek();
    if (token.is(Token.Type.NAME)) {
      for (Ast.ActionKind kind : Ast.ActionKind.values()) {
        if (token.text().equalsIgnoreCase(kind.name())) {
          pos++;
          return kind;
        }
      }
    }
    throw unexpected();
  }

  private Ast.Action action(Ast.ActionKind kind) {
    Ast.Path path = path();
    switch (kind) {
      case SET: {
        expect(Token.Type.EQ);
        Ast.Operand value = operand();
        Token next = peek();
        if (next.is(Token.Type.PLUS) || next.is(Token.Type.MINUS)) {
          pos++;
          operator();
          value = new Ast.Arith(value, next.text(), operand());
        }
        return new Ast.Action(kind, path, value);
      }
      case REMOVE:
        return new Ast.Action(kind, path, null);
      default: {
        Token value = peek();
        if (!value.is(Token.Type.VALUE_REF)) {
          throw unexpected();
        }
        pos++;
        return new Ast.Action(kind, path, new Ast.Value(value.text()));
      }
    }
  }

  // ---- token helpers

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private boolean accept(Token.Type type) {
    if (peek().is(type)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(Token.Type type) {
    if (!accept(type)) {
      throw unexpected();
    }
  }

  /** DynamoDB's syntax error: the bad token, and the text from the token before it to the one after. */
  private RuntimeException unexpected() {
    Token bad = peek();
    int from = pos > 0 ? tokens.get(pos - 1).start() : bad.start();
    Token after = peekAt(1);
    int to = after.is(Token.Type.EOF) ? bad.end() : after.end();
    return Errors.syntax(parameterName, bad.text(), text.substring(from, Math.max(from, to)));
  }
}
