package dev.orderflow.local.dynamodb.table;

import dev.orderflow.local.dynamodb.DynamoDbError;
import java.math.BigDecimal;
import java.math.MathContext;

/** DynamoDB's number type: 38 significant digits, magnitudes from 1E-130 to below 1E+126. */
public final class Numbers {

  /** The precision of arithmetic in update expressions. */
  public static final MathContext CONTEXT = new MathContext(38);

  private static final BigDecimal MAX = new BigDecimal("1E+126");
  private static final BigDecimal MIN_POSITIVE = new BigDecimal("1E-130");

  private Numbers() {}

  /** Parses a number as a request gives it, or fails with DynamoDB's validation error. */
  public static BigDecimal parse(String text) {
    BigDecimal value;
    try {
      if (text == null || text.isBlank() || !text.strip().equals(text)) {
        throw new NumberFormatException();
      }
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw DynamoDbError.validation("The parameter cannot be converted to a numeric value"
          + (text == null || text.isEmpty() ? "" : ": " + text));
    }
    value = normalise(value);
    check(value);
    return value;
  }

  /** Fails with DynamoDB's validation error when a number is out of its range or precision. */
  public static BigDecimal check(BigDecimal value) {
    if (value.precision() > 38 && value.signum() != 0) {
      throw DynamoDbError.validation(
          "Attempting to store more than 38 significant digits in a Number");
    }
    BigDecimal magnitude = value.abs();
    if (magnitude.compareTo(MAX) >= 0) {
      throw DynamoDbError.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    if (value.signum() != 0 && magnitude.compareTo(MIN_POSITIVE) < 0) {
      throw DynamoDbError.validation("Number underflow. Attempting to store a number with magnitude smaller than supported range");
    }
    return value;
  }

  /** Strips trailing zeros so that equal numbers have one representation. */
  public static BigDecimal normalise(BigDecimal value) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    return value.stripTrailingZeros();
  }

  /** The number as DynamoDB writes it in answers: plain notation, no trailing zeros. */
  public static String format(BigDecimal value) {
    return normalise(value).toPlainString();
  }
}
