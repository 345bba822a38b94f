package dev.orderflow.local.dynamodb.table;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One DynamoDB attribute value, immutable. Numbers are kept normalised (trailing zeros
 * stripped), so two equal numbers are equal values however they were written.
 */
public sealed interface AttributeValue {

  /** The type descriptor as DynamoDB writes it: S, N, B, BOOL, NULL, L, M, SS, NS or BS. */
  String type();

  /** The size that counts towards the 400 KB item limit, without the attribute name. */
  long size();

  /** A string. */
  record S(String value) implements AttributeValue {
    public S {
      if (value == null) {
        throw new NullPointerException("value");
      }
    }

    @Override
    public String type() {
      return "S";
    }

    @Override
    public long size() {
      return utf8Length(value);
    }
  }

  /** A number, at most 38 significant digits. */
  record N(BigDecimal value) implements AttributeValue {
    public N {
      value = Numbers.normalise(value);
    }

    @Override
    public String type() {
      return "N";
    }

    @Override
    public long size() {
      // One byte per two significant digits, plus one.
      int digits = value.signum() == 0 ? 1 : value.precision();
      return (digits + 1) / 2 + 1;
    }

    /** The number as DynamoDB answers it. */
    public String text() {
      return Numbers.format(value);
    }
  }

  /** Binary data. */
  record B(Bytes value) implements AttributeValue {
    @Override
    public String type() {
      return "B";
    }

    @Override
    public long size() {
      return value.length();
    }
  }

  /** A boolean. */
  record Bool(boolean value) implements AttributeValue {
    @Override
    public String type() {
      return "BOOL";
    }

    @Override
    public long size() {
      return 1;
    }
  }

  /** The null value. */
  record Null() implements AttributeValue {
    @Override
    public String type() {
      return "NULL";
    }

    @Override
    public long size() {
      return 1;
    }
  }

  /** A list of values of any types. */
  record L(List<AttributeValue> values) implements AttributeValue {
    public L {
      values = List.copyOf(values);
    }

    @Override
    public String type() {
      return "L";
    }

    @Override
    public long size() {
      long size = 3;
      for (AttributeValue value : values) {
        size += 1 + value.size();
      }
      return size;
    }
  }

  /** A map of names to values of any types. */
  record M(Map<String, AttributeValue> values) implements AttributeValue {
    public M {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String type() {
      return "M";
    }

    @Override
    public long size() {
      long size = 3;
      for (Map.Entry<String, AttributeValue> entry : values.entrySet()) {
        size += 1 + utf8Length(entry.getKey()) + entry.getValue().size();
      }
      return size;
    }
  }

  /** A set of strings, never empty. */
  record SS(Set<String> values) implements AttributeValue {
    public SS {
      values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public String type() {
      return "SS";
    }

    @Override
    public long size() {
      long size = 0;
      for (String value : values) {
        size += utf8Length(value);
      }
      return size;
    }
  }

  /** A set of numbers, never empty; members are normalised. */
  record NS(Set<BigDecimal> values) implements AttributeValue {
    public NS {
      LinkedHashSet<BigDecimal> normalised = new LinkedHashSet<>();
      for (BigDecimal value : values) {
        normalised.add(Numbers.normalise(value));
      }
      values = Collections.unmodifiableSet(normalised);
    }

    @Override
    public String type() {
      return "NS";
    }

    @Override
    public long size() {
      long size = 0;
      for (BigDecimal value : values) {
        size += new N(value).size();
      }
      return size;
    }
  }

  /** A set of binary values, never empty. */
  record BS(Set<Bytes> values) implements AttributeValue {
    public BS {
      values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }

    @Override
    public String type() {
      return "BS";
    }

    @Override
    public long size() {
      long size = 0;
      for (Bytes value : values) {
        size += value.length();
      }
      return size;
    }
  }

  /** Immutable bytes with value equality, ordered as DynamoDB orders binary keys (unsigned). */
  final class Bytes implements Comparable<Bytes> {
    private final byte[] bytes;

    private Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    public static Bytes of(byte[] bytes) {
      return new Bytes(bytes.clone());
    }

    public static Bytes fromBase64(String base64) {
      return new Bytes(Base64.getDecoder().decode(base64));
    }

    public byte[] toArray() {
      return bytes.clone();
    }

    public int length() {
      return bytes.length;
    }

    public byte get(int index) {
      return bytes[index];
    }

    public String base64() {
      return Base64.getEncoder().encodeToString(bytes);
    }

    /** Whether these bytes start with the given ones. */
    public boolean startsWith(Bytes prefix) {
      return bytes.length >= prefix.bytes.length
          && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
    }

    /** Whether the given bytes occur anywhere in these. */
    public boolean contains(Bytes part) {
      outer:
      for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
        for (int j = 0; j < part.bytes.length; j++) {
          if (bytes[i + j] != part.bytes[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }

    @Override
    public int compareTo(Bytes other) {
      return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return base64();
    }
  }

  /** The UTF-8 length of a string, as DynamoDB counts sizes. */
  static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
