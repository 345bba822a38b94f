package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.table.AttributeValues;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The evaluation stage of conditions: a missing attribute or a comparison across types makes a
 * condition false, never an error.
 */
final class Evaluator {

  private Evaluator() {}

  static boolean test(Resolved.Pred pred, Map<String, AttributeValue> item) {
    if (pred instanceof Resolved.And and) {
      return test(and.left(), item) && test(and.right(), item);
    }
    if (pred instanceof Resolved.Or or) {
      return test(or.left(), item) || test(or.right(), item);
    }
    if (pred instanceof Resolved.Not not) {
      return !test(not.predicate(), item);
    }
    if (pred instanceof Resolved.Compare compare) {
      return compare(compare.operator(), value(compare.left(), item), value(compare.right(), item));
    }
    if (pred instanceof Resolved.Between between) {
      AttributeValue value = value(between.value(), item);
      AttributeValue low = value(between.low(), item);
      AttributeValue high = value(between.high(), item);
      Integer aboveLow = order(value, low);
      Integer belowHigh = order(value, high);
      return aboveLow != null && belowHigh != null && aboveLow >= 0 && belowHigh <= 0;
    }
    if (pred instanceof Resolved.In in) {
      AttributeValue value = value(in.value(), item);
      if (value == null) {
        return false;
      }
      for (Resolved.Expr candidate : in.candidates()) {
        if (value.equals(value(candidate, item))) {
          return true;
        }
      }
      return false;
    }
    if (pred instanceof Resolved.Exists exists) {
      return (exists.path().get(item) != null) == exists.exists();
    }
    if (pred instanceof Resolved.TypeIs typeIs) {
      AttributeValue value = typeIs.path().get(item);
      AttributeValue type = value(typeIs.type(), item);
      return value != null && type instanceof AttributeValue.S s && value.type().equals(s.value());
    }
    if (pred instanceof Resolved.BeginsWith beginsWith) {
      return beginsWith(value(beginsWith.value(), item), value(beginsWith.prefix(), item));
    }
    Resolved.Contains contains = (Resolved.Contains) pred;
    return contains(value(contains.value(), item), value(contains.operand(), item));
  }

  /** The value of a condition operand, or null when its path is missing or size() has no answer. */
  static AttributeValue value(Resolved.Expr expr, Map<String, AttributeValue> item) {
    if (expr instanceof Resolved.Const constant) {
      return constant.value();
    }
    if (expr instanceof Resolved.PathExpr path) {
      return path.path().get(item);
    }
    if (expr instanceof Resolved.Size size) {
      return size(size.path().get(item));
    }
    throw new IllegalStateException("not a condition operand: " + expr);
  }

  static AttributeValue size(AttributeValue value) {
    long size;
    if (value instanceof AttributeValue.S s) {
      size = s.value().codePointCount(0, s.value().length());
    } else if (value instanceof AttributeValue.B b) {
      size = b.value().length();
    } else if (value instanceof AttributeValue.SS set) {
      size = set.values().size();
    } else if (value instanceof AttributeValue.NS set) {
      size = set.values().size();
    } else if (value instanceof AttributeValue.BS set) {
      size = set.values().size();
    } else if (value instanceof AttributeValue.L list) {
      size = list.values().size();
    } else if (value instanceof AttributeValue.M map) {
      size = map.values().size();
    } else {
      return null;
    }
    return new AttributeValue.N(BigDecimal.valueOf(size));
  }

  static boolean compare(String operator, AttributeValue left, AttributeValue right) {
    if (operator.equals("=")) {
      return left != null && left.equals(right);
    }
    if (operator.equals("<>")) {
      // A missing attribute is unequal to any value.
      return (left != null || right != null) && (left == null || !left.equals(right));
    }
    Integer order = order(left, right);
    if (order == null) {
      return false;
    }
    switch (operator) {
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      case ">":
        return order > 0;
      default:
        return order >= 0;
    }
  }

  /** The order of two values of one scalar type (S, N or B), or null when they cannot be ordered. */
  static Integer order(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return AttributeValues.compareUtf8(x.value(), y.value());
    }
    if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return x.value().compareTo(y.value());
    }
    return null;
  }

  static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
      return s.value().startsWith(p.value());
    }
    if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
      return b.value().startsWith(p.value());
    }
    return false;
  }

  private static boolean contains(AttributeValue value, AttributeValue operand) {
    if (value == null || operand == null) {
      return false;
    }
    if (value instanceof AttributeValue.S s && operand instanceof AttributeValue.S part) {
      return s.value().contains(part.value());
    }
    if (value instanceof AttributeValue.B b && operand instanceof AttributeValue.B part) {
      return b.value().contains(part.value());
    }
    if (value instanceof AttributeValue.SS set && operand instanceof AttributeValue.S element) {
      return set.values().contains(element.value());
    }
    if (value instanceof AttributeValue.NS set && operand instanceof AttributeValue.N element) {
      return set.values().contains(element.value());
    }
    if (value instanceof AttributeValue.BS set && operand instanceof AttributeValue.B element) {
      return set.values().contains(element.value());
    }
    if (value instanceof AttributeValue.L list) {
      return list.values().contains(operand);
    }
    return false;
  }
}
