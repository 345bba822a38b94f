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

  /**
   * Resolves a whole condition in DynamoDB's two passes: first over the whole text (function names,
   * functions where they may stand, reserved words), then node by node, each node's operands first
   * (names and values defined) and then the node itself (operand counts and types, distinct operands).
   */
  Resolved.Pred conditionExpression(Ast.Cond cond) {
    precheck(cond);
    return condition(cond);
  }

  private void precheck(Ast.Cond cond) {
    if (cond instanceof Ast.Paren paren) {
      precheck(paren.inner());
    } else if (cond instanceof Ast.And and) {
      precheck(and.left());
      precheck(and.right());
    } else if (cond instanceof Ast.Or or) {
      precheck(or.left());
      precheck(or.right());
    } else if (cond instanceof Ast.Not not) {
      precheck(not.condition());
    } else if (cond instanceof Ast.Compare compare) {
      precheckOperand(compare.left());
      precheckOperand(compare.right());
    } else if (cond instanceof Ast.Between between) {
      precheckOperand(between.value());
      precheckOperand(between.low());
      precheckOperand(between.high());
    } else if (cond instanceof Ast.In in) {
      precheckOperand(in.value());
      in.candidates().forEach(this::precheckOperand);
    } else {
      Ast.Call call = ((Ast.FunctionCond) cond).call();
      checkFunctionName(call.name());
      if (call.name().equals("size") || UPDATE_FUNCTIONS.contains(call.name())) {
        throw Errors.misplacedFunction(parameterName, call.name());
      }
      call.args().forEach(this::precheckOperand);
    }
  }

  private void precheckOperand(Ast.Operand operand) {
    if (operand instanceof Ast.Path path) {
      for (Ast.Element element : path.elements()) {
        if (!element.isIndex() && !element.placeholder() && ReservedWords.isReserved(element.name())) {
          throw Errors.invalid(parameterName,
              "Attribute name is a reserved keyword; reserved keyword: " + element.name());
        }
      }
    } else if (operand instanceof Ast.Call call) {
      checkFunctionName(call.name());
      if (!call.name().equals("size")) {
        throw Errors.misplacedFunction(parameterName, call.name());
      }
      call.args().forEach(this::precheckOperand);
    }
  }

  /** The first pass over a path of a projection: reserved words. */
  void precheckPath(Ast.Path path) {
    precheckOperand(path);
  }

  private void checkFunctionName(String name) {
    if (!CONDITION_FUNCTIONS.contains(name) && !UPDATE_FUNCTIONS.contains(name)) {
      throw Errors.unknownFunction(parameterName, name);
    }
  }

  /** The first operand of a comparison or function, a path, must not be repeated among the others. */
  private void distinct(String operator, Resolved.Expr first, Resolved.Expr... others) {
    if (first instanceof Resolved.PathExpr firstPath) {
      for (Resolved.Expr other : others) {
        if (other instanceof Resolved.PathExpr otherPath && otherPath.path().equals(firstPath.path())) {
          throw Errors.invalid(parameterName, "The first operand must be distinct from the remaining operands for "
              + "this operator or function; operator: " + operator + ", first operand: " + firstPath.path());
        }
      }
    }
  }

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
      Resolved.Expr left = conditionOperand(compare.left());
      Resolved.Expr right = conditionOperand(compare.right());
      distinct(compare.operator(), left, right);
      return new Resolved.Compare(compare.operator(), left, right);
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
    if (!CONDITION_FUNCTIONS.contains(name) || name.equals("size")) {
      if (CONDITION_FUNCTIONS.contains(name) || UPDATE_FUNCTIONS.contains(name)) {
        throw Errors.misplacedFunction(parameterName, name);
      }
      throw Errors.unknownFunction(parameterName, name);
    }
    // The operands first (names and values defined), then their number, then their types.
    List<Resolved.Expr> args = new ArrayList<>(call.args().size());
    for (Ast.Operand arg : call.args()) {
      args.add(conditionOperand(arg));
    }
    switch (name) {
      case "attribute_exists":
      case "attribute_not_exists":
        arity(call, 1);
        return new Resolved.Exists(requirePath(call, args, 0), name.equals("attribute_exists"));
      case "attribute_type": {
        arity(call, 2);
        Resolved.Expr type = args.get(1);
        requireType(name, type, AttributeValue.S.class);
        if (type instanceof Resolved.Const constant && constant.value() instanceof AttributeValue.S s
            && !TYPE_NAMES.contains(s.value())) {
          throw Errors.invalid(parameterName, "Invalid attribute type name found; type: " + s.value()
              + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
        DocumentPath path = requirePath(call, args, 0);
        distinct(name, args.get(0), type);
        return new Resolved.TypeIs(path, type);
      }
      case "begins_with": {
        arity(call, 2);
        requireStringOrBinary(name, args.get(0));
        requireStringOrBinary(name, args.get(1));
        distinct(name, args.get(0), args.get(1));
        return new Resolved.BeginsWith(args.get(0), args.get(1));
      }
      default:
        arity(call, 2);
        distinct(name, args.get(0), args.get(1));
        return new Resolved.Contains(args.get(0), args.get(1));
    }
  }

  /** A constant operand, or a size (a number), must be of the type the function takes. */
  private void requireType(String function, Resolved.Expr operand, Class<? extends AttributeValue> type) {
    if (operand instanceof Resolved.Const constant && !type.isInstance(constant.value())) {
      throw Errors.operandType(parameterName, function, constant.value());
    }
    if (operand instanceof Resolved.Size && type != AttributeValue.N.class) {
      throw Errors.operandType(parameterName, function, SIZE_TYPE);
    }
  }

  /** What a size() yields, for the messages about its type. */
  private static final AttributeValue SIZE_TYPE = new AttributeValue.N(java.math.BigDecimal.ZERO);

  private void requireStringOrBinary(String function, Resolved.Expr operand) {
    if (operand instanceof Resolved.Const constant
        && !(constant.value() instanceof AttributeValue.S || constant.value() instanceof AttributeValue.B)) {
      throw Errors.operandType(parameterName, function, constant.value());
    }
    if (operand instanceof Resolved.Size) {
      throw Errors.operandType(parameterName, function, SIZE_TYPE);
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
      List<Resolved.Expr> args = new ArrayList<>(call.args().size());
      for (Ast.Operand arg : call.args()) {
        args.add(conditionOperand(arg));
      }
      arity(call, 1);
      Resolved.Expr arg = args.get(0);
      if (arg instanceof Resolved.Size) {
        throw Errors.operandType(parameterName, "size", SIZE_TYPE);
      }
      if (arg instanceof Resolved.Const constant) {
        // The size of a constant is a constant, when the constant has a size.
        AttributeValue size = Evaluator.size(constant.value());
        if (size == null) {
          throw Errors.operandType(parameterName, "size", constant.value());
        }
        return new Resolved.Const(size);
      }
      return new Resolved.Size(requirePath(call, args, 0));
    }
    if (CONDITION_FUNCTIONS.contains(call.name()) || UPDATE_FUNCTIONS.contains(call.name())) {
      throw Errors.misplacedFunction(parameterName, call.name());
    }
    throw Errors.unknownFunction(parameterName, call.name());
  }

  // ---- update operands

  /** The first pass over one update action: reserved words, function names and where functions stand. */
  void precheckUpdate(Ast.Path path, Ast.Operand value) {
    precheckOperand(path);
    if (value != null) {
      precheckUpdateOperand(value);
    }
  }

  private void precheckUpdateOperand(Ast.Operand operand) {
    if (operand instanceof Ast.Arith arith) {
      precheckUpdateOperand(arith.left());
      precheckUpdateOperand(arith.right());
    } else if (operand instanceof Ast.Call call) {
      checkFunctionName(call.name());
      if (CONDITION_FUNCTIONS.contains(call.name())) {
        throw Errors.invalid(parameterName,
            "The function is not allowed in an update expression; function: " + call.name());
      }
      call.args().forEach(this::precheckUpdateOperand);
    } else {
      precheckOperand(operand);
    }
  }

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
    if (!UPDATE_FUNCTIONS.contains(call.name())) {
      if (CONDITION_FUNCTIONS.contains(call.name())) {
        throw Errors.invalid(parameterName,
            "The function is not allowed in an update expression; function: " + call.name());
      }
      throw Errors.unknownFunction(parameterName, call.name());
    }
    // The operands first (names and values defined), then their number, then their types.
    List<Resolved.Expr> args = new ArrayList<>(call.args().size());
    for (Ast.Operand arg : call.args()) {
      args.add(updateOperand(arg));
    }
    arity(call, 2);
    if (call.name().equals("if_not_exists")) {
      return new Resolved.IfNotExists(requirePath(call, args, 0), args.get(1));
    }
    requireConstType("list_append", args.get(0), AttributeValue.L.class);
    requireConstType("list_append", args.get(1), AttributeValue.L.class);
    return new Resolved.ListAppend(args.get(0), args.get(1));
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

  private DocumentPath requirePath(Ast.Call call, List<Resolved.Expr> args, int index) {
    if (!(args.get(index) instanceof Resolved.PathExpr path)) {
      throw Errors.requiresPath(parameterName, call.name());
    }
    return path.path();
  }
}
