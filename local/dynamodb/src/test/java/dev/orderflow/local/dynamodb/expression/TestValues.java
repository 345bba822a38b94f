package dev.orderflow.local.dynamodb.expression;

import dev.orderflow.local.dynamodb.table.AttributeValue;
import dev.orderflow.local.dynamodb.DynamoDbError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;

/** Short builders for attribute values and items in tests. */
final class TestValues {

  private TestValues() {}

  static AttributeValue s(String value) {
    return new AttributeValue.S(value);
  }

  static AttributeValue n(String value) {
    return new AttributeValue.N(new BigDecimal(value));
  }

  static AttributeValue b(String utf8) {
    return new AttributeValue.B(AttributeValue.Bytes.of(utf8.getBytes(StandardCharsets.UTF_8)));
  }

  static AttributeValue bool(boolean value) {
    return new AttributeValue.Bool(value);
  }

  static AttributeValue nul() {
    return new AttributeValue.Null();
  }

  static AttributeValue l(AttributeValue... values) {
    return new AttributeValue.L(List.of(values));
  }

  static AttributeValue ss(String... values) {
    return new AttributeValue.SS(new LinkedHashSet<>(Arrays.asList(values)));
  }

  static AttributeValue ns(String... values) {
    return new AttributeValue.NS(Arrays.stream(values).map(BigDecimal::new)
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  static AttributeValue bs(String... utf8) {
    return new AttributeValue.BS(Arrays.stream(utf8)
        .map(text -> AttributeValue.Bytes.of(text.getBytes(StandardCharsets.UTF_8)))
        .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** A map value from name, value pairs. */
  static AttributeValue m(Object... pairs) {
    return new AttributeValue.M(item(pairs));
  }

  /** An item from name, value pairs. */
  static Map<String, AttributeValue> item(Object... pairs) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
    }
    return item;
  }

  /** Placeholder maps from key, value pairs: keys starting with # are names, with : values. */
  static ExpressionAttributes attrs(Object... pairs) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      String key = (String) pairs[i];
      if (key.startsWith("#")) {
        names.put(key, (String) pairs[i + 1]);
      } else {
        values.put(key, (AttributeValue) pairs[i + 1]);
      }
    }
    return new ExpressionAttributes(names, values);
  }

  /** Asserts a ValidationException with exactly this message. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertValidation(ThrowableAssert.ThrowingCallable call,
      String message) {
    return Assertions.assertThatThrownBy(call)
        .isInstanceOf(DynamoDbError.class)
        .hasMessage(message)
        .satisfies(error -> Assertions.assertThat(((DynamoDbError) error).type()).isEqualTo("ValidationException"));
  }
}
