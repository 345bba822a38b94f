package dev.orderflow.local.dynamodb.expression;

import java.util.List;

/**
 * The tree the parser builds: placeholders still unresolved, so one tree serves every request
 * that sends the same expression text.
 */
final class Ast {

  private Ast() {}

  /** Something that yields a value: a path, a placeholder, a function call or arithmetic. */
  sealed interface Operand permits Path, Value, Call, Arith {}

  /** One step of a document path: a name (plain or {@code #placeholder}) or a list index. */
  record Element(String name, boolean placeholder, int index) {
    boolean isIndex() {
      return name == null;
    }
  }

  /** A document path, e.g. {@code a.#b[2]}. */
  record Path(List<Element> elements) implements Operand {}

  /** An expression attribute value, e.g. {@code :v}. */
  record Value(String placeholder) implements Operand {}

  /** A function call; its name as written (function names are case-sensitive). */
  record Call(String name, List<Operand> args) implements Operand {}

  /** {@code left + right} or {@code left - right}, in update expressions only. */
  record Arith(Operand left, String operator, Operand right) implements Operand {}

  /** A condition. */
  sealed interface Cond permits Compare, Between, In, FunctionCond, Not, And, Or, Paren {}

  /** {@code left op right} with one of = <> < <= > >=. */
  record Compare(String operator, Operand left, Operand right) implements Cond {}

  /** {@code value BETWEEN low AND high}. */
  record Between(Operand value, Operand low, Operand high) implements Cond {}

  /** {@code value IN (a, b, ...)}. */
  record In(Operand value, List<Operand> candidates) implements Cond {}

  /** A function used as a condition, e.g. {@code attribute_exists(a)}. */
  record FunctionCond(Call call) implements Cond {}

  /** {@code NOT c}. */
  record Not(Cond condition) implements Cond {}

  /** {@code left AND right}. */
  record And(Cond left, Cond right) implements Cond {}

  /** {@code left OR right}. */
  record Or(Cond left, Cond right) implements Cond {}

  /** A parenthesised condition, kept to refuse redundant parentheses. */
  record Paren(Cond inner) implements Cond {}

  /** The four clauses of an update expression. */
  enum ActionKind { SET, REMOVE, ADD, DELETE }

  /** One action of an update expression; {@code value} is null for REMOVE. */
  record Action(ActionKind kind, Path path, Operand value) {}

  /**
   * An update expression's actions, and the first clause written twice (null when none), which
   * DynamoDB refuses only after the checks of the whole text.
   */
  record UpdateTree(List<Action> actions, ActionKind repeated) {}
}
