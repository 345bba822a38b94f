package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The validation stage: resolves names and values of one request, refuses reserved words,
 * unknown or misplaced functions, wrong numbers of operands and constant operands of the wrong
 * type, and builds the tree that evaluation runs on.
 */
final class Resolver {

  static final Set<String> TYPE_NAMES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
  private static final Set<String> CONDITION_FUNCTIONS =
      Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size");
  private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
  private static final int MAX_IN_OPERANDS = 100;

  private final ExpressionAttributes attributes;
  private final String parameterName;

  /** Whether {@code name} is a function of any expression grammar (condition or update). */
  static boolean isFunction(String name) {
    return CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name);
  }

  Resolver(ExpressionAttributes attributes, String parameterName) {
    this.attributes = attributes;
    this.parameterName = parameterName;
  }

  DocumentPath path(Ast.Path path) {
    List<Object> elements = new ArrayList<>(path.elements().size());
    for (Ast.Element element : path.elements()) {
      if (element.isIndex()) {
        elements.add(element.index());
      } else if (element.placeholder()) {
        elements.add(attributes.name(element.name(), parameterName));
      } else {
        if (ReservedWords.isReserved(element.name())) {
          throw Errors.invalid(parameterName,
              "Attribute name is a reserved keyword; reserved keyword: " + element.name());
        }
        elements.add(element.name());
      }
    }
    return new DocumentPath(elements);
  }

  AttributeValue value(Ast.Value value) {
    return attributes.value(value.placeholder(), parameterName);
  }

  // ---- conditions

  Resolved.Pred condition(Ast.Cond cond) {
    if (cond instanceof Ast.Paren paren) {
      return condition(paren.inner());
    }
    if (cond instanceof Ast.And and) {
      return new Resolved.And(condition(and.left()), condition(and.right()));
    }
    if (cond instanceof Ast.Or or) {
      return new Resolved.Or(condition(or.left()), condition(or.right()));
    }
    if (cond instanceof Ast.Not not) {
      return new Resolved.Not(condition(not.condition()));
    }
    if (cond instanceof Ast.Compare compare) {
      return new Resolved.Compare(compare.operator(), conditionOperand(compare.left()),
          conditionOperand(compare.right()));
    }
    if (cond instanceof Ast.Between between) {
      Resolved.Expr value = conditionOperand(between.value());
      Resolved.Expr low = conditionOperand(between.low());
      Resolved.Expr high = conditionOperand(between.high());
      checkBounds(low, high);
      return new Resolved.Between(value, low, high);
    }
    if (cond instanceof Ast.In in) {
      if (in.candidates().size() > MAX_IN_OPERANDS) {
        throw Errors.invalid(parameterName, "The IN operator is provided with too many operands; number of operands: "
            + in.candidates().size());
      }
      Resolved.Expr value = conditionOperand(in.value());
      List<Resolved.Expr> candidates = new ArrayList<>(in.candidates().size());
      for (Ast.Operand candidate : in.candidates()) {
        candidates.add(conditionOperand(candidate));
      }
      return new Resolved.In(value, candidates);
    }
    return function(((Ast.FunctionCond) cond).call());
  }

  private void checkBounds(Resolved.Expr low, Resolved.Expr high) {
    if (low instanceof Resolved.Const lowConst && high instanceof Resolved.Const highConst) {
      AttributeValue lo = lowConst.value();
      AttributeValue hi = highConst.value();
      String bounds = "; lower bound operand: AttributeValue: " + Errors.describe(lo)
          + ", upper bound operand: AttributeValue: " + Errors.describe(hi);
      if (!lo.type().equals(hi.type())) {
        throw Errors.invalid(parameterName,
            "The BETWEEN operator requires same data type for lower and upper bounds" + bounds);
      }
      Integer order = Evaluator.order(lo, hi);
      if (order != null && order > 0) {
        throw Errors.invalid(parameterName,
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound" + bounds);
      }
    }
  }

  private Resolved.Pred function(Ast.Call call) {
    String name = call.name();
    List<Ast.Operand> args = call.args();
    switch (name) {
      case "attribute_exists":
      case "attribute_not_exists":
        arity(call, 1);
        return new Resolved.Exists(requirePath(call, 0), name.equals("attribute_exists"));
      case "attribute_type": {
        arity(call, 2);
        DocumentPath path = requirePath(call, 0);
        Resolved.Expr type = conditionOperand(args.get(1));
        if (type instanceof Resolved.Const constant) {
          if (!(constant.value() instanceof AttributeValue.S s)) {
            throw Errors.operandType(parameterName, name, constant.value());
          }
          if (!TYPE_NAMES.contains(s.value())) {
            throw Errors.invalid(parameterName, "Invalid attribute type name found; type: " + s.value()
                + ", valid types: { B; NULL; SS; BOOL; L; BS; N; NS; S; M }");
          }
        }
        return new Resolved.TypeIs(path, type);
      }
      case "begins_with": {
        arity(call, 2);
        Resolved.Expr value = conditionOperand(args.get(0));
        Resolved.Expr prefix = conditionOperand(args.get(1));
        requireStringOrBinary(name, value);
        requireStringOrBinary(name, prefix);
        return new Resolved.BeginsWith(value, prefix);
      }
      case "contains":
        arity(call, 2);
        return new Resolved.Contains(conditionOperand(args.get(0)), conditionOperand(args.get(1)));
      default:
        if (CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name)) {
          throw Errors.misplacedFunction(parameterName, name);
        }
        throw Errors.unknownFunction(parameterName, name);
    }
  }

  private void requireStringOrBinary(String function, Resolved.Expr operand) {
    if (operand instanceof Resolved.Const constant
        && !(constant.value() instanceof AttributeValue.S || constant.value() instanceof AttributeValue.B)) {
      throw Errors.operandType(parameterName, function, constant.value());
    }
  }

  private Resolved.Expr conditionOperand(Ast.Operand operand) {
    if (operand instanceof Ast.Path path) {
      return new Resolved.PathExpr(path(path));
    }
    if (operand instanceof Ast.Value value) {
      return new Resolved.Const(value(value));
    }
    Ast.Call call = (Ast.Call) operand;
    if (call.name().equals("size")) {
      arity(call, 1);
      return new Resolved.Size(requirePath(call, 0));
    }
    if (CONDITION_FUNCTIONS.contains(call.name()) || UPDATE_FUNCTIONS.contains(call.name())) {
      throw Errors.misplacedFunction(parameterName, call.name());
    }
    throw Errors.unknownFunction(parameterName, call.name());
  }

  // ---- update operands

  Resolved.Expr updateOperand(Ast.Operand operand) {
    if (operand instanceof Ast.Path path) {
      return new Resolved.PathExpr(path(path));
    }
    if (operand instanceof Ast.Value value) {
      return new Resolved.Const(value(value));
    }
    if (operand instanceof Ast.Arith arith) {
      Resolved.Expr left = updateOperand(arith.left());
      Resolved.Expr right = updateOperand(arith.right());
      requireConstType(arith.operator(), left, AttributeValue.N.class);
      requireConstType(arith.operator(), right, AttributeValue.N.class);
      return new Resolved.Arith(left, arith.operator().equals("+"), right);
    }
    Ast.Call call = (Ast.Call) operand;
    switch (call.name()) {
      case "if_not_exists": {
        arity(call, 2);
        return new Resolved.IfNotExists(requirePath(call, 0), updateOperand(call.args().get(1)));
      }
      case "list_append": {
        arity(call, 2);
        Resolved.Expr first = updateOperand(call.args().get(0));
        Resolved.Expr second = updateOperand(call.args().get(1));
        requireConstType("list_append", first, AttributeValue.L.class);
        requireConstType("list_append", second, AttributeValue.L.class);
        return new Resolved.ListAppend(first, second);
      }
      default:
        if (CONDITION_FUNCTIONS.contains(call.name())) {
          throw Errors.invalid(parameterName,
              "The function is not allowed in an update expression; function: " + call.name());
        }
        throw Errors.unknownFunction(parameterName, call.name());
    }
  }

  private void requireConstType(String function, Resolved.Expr operand, Class<? extends AttributeValue> type) {
    if (operand instanceof Resolved.Const constant && !type.isInstance(constant.value())) {
      throw Errors.operandType(parameterName, function, constant.value());
    }
  }

  // ---- shared checks

  private void arity(Ast.Call call, int expected) {
    if (call.args().size() != expected) {
      throw Errors.operandCount(parameterName, call.name(), call.args().size());
    }
  }

  private DocumentPath requirePath(Ast.Call call, int index) {
    if (!(call.args().get(index) instanceof Ast.Path path)) {
      throw Errors.requiresPath(parameterName, call.name());
    }
    return path(path);
  }
}
