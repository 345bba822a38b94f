package dev.orderflow.runtime.payment;

import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;

/**
 * Reads payment requests and writes payment results with Gson's streaming reader and writer.
 *
 * <p>The payment function answers on the workflow's critical path, so it skips Gson's object
 * mapper: building one loads about a hundred classes, which measured as most of the function's
 * cold start (see docs/performance.md). The streaming layer still does all of the JSON syntax and
 * escaping.
 */
final class PaymentCodec {

  private PaymentCodec() {}

  /**
   * Reads one request object; unknown fields are ignored, a JSON {@code null} counts as absent.
   *
   * @throws JsonParseException when the text is not one JSON object or a field has the wrong type
   * @throws IllegalStateException naming the required fields that are missing
   * @throws IllegalArgumentException naming a field whose value is out of range
   */
  static PaymentRequest readRequest(Reader input) throws IOException {
    JsonReader reader = new JsonReader(input);
    reader.setStrictness(Strictness.STRICT);
    try {
      JsonToken first = reader.peek();
      if (first != JsonToken.BEGIN_OBJECT) {
        throw new JsonParseException("expected a JSON object, but found " + describe(first));
      }
      ImmutablePaymentRequest.Builder builder = ImmutablePaymentRequest.builder();
      reader.beginObject();
      while (reader.hasNext()) {
        String field = reader.nextName();
        if (reader.peek() == JsonToken.NULL) {
          reader.nextNull();
          continue;
        }
        switch (field) {
          case PaymentContract.ORDER_ID -> builder.orderId(text(reader, field));
          case PaymentContract.CUSTOMER_ID -> builder.customerId(text(reader, field));
          case PaymentContract.NAME -> builder.name(text(reader, field));
          case PaymentContract.RESTAURANT_ID -> builder.restaurantId(text(reader, field));
          case PaymentContract.QUANTITY -> builder.quantity(integer(reader, field));
          default -> reader.skipValue();
        }
      }
      reader.endObject();
      requireEnd(reader);
      return builder.build();
    } catch (EOFException e) {
      throw new JsonParseException("expected a JSON object, but the input ended at " + reader.getPath(), e);
    } catch (MalformedJsonException e) {
      throw new JsonParseException("not valid JSON: " + e.getMessage(), e);
    }
  }

  static void writeResult(PaymentResult result, Writer output) throws IOException {
    JsonWriter writer = new JsonWriter(output);
    writer.setHtmlSafe(false);
    writer.beginObject();
    writer.name(PaymentContract.ORDER_ID).value(result.orderId());
    writer.name(PaymentContract.STATUS).value(result.status().name());
    if (result.paymentId().isPresent()) {
      writer.name(PaymentContract.PAYMENT_ID).value(result.paymentId().get());
    }
    if (result.reason().isPresent()) {
      writer.name(PaymentContract.REASON).value(result.reason().get());
    }
    writer.endObject();
    writer.flush();
  }

  private static void requireEnd(JsonReader reader) throws IOException {
    boolean ended;
    try {
      ended = reader.peek() == JsonToken.END_DOCUMENT;
    } catch (MalformedJsonException e) {
      ended = false; // a strict reader refuses a second top-level value outright
    }
    if (!ended) {
      throw new JsonParseException("expected one JSON object, but more followed it");
    }
  }

  private static String text(JsonReader reader, String field) throws IOException {
    JsonToken token = reader.peek();
    if (token != JsonToken.STRING) {
      throw new JsonParseException(field + " must be a string, but was " + describe(token));
    }
    return reader.nextString();
  }

  private static int integer(JsonReader reader, String field) throws IOException {
    JsonToken token = reader.peek();
    if (token != JsonToken.NUMBER) {
      throw new JsonParseException(field + " must be a whole number, but was " + describe(token));
    }
    String number = reader.nextString();
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      throw new JsonParseException(field + " must be a whole number, but was " + number, e);
    }
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case BEGIN_ARRAY:
        return "an array";
      case BEGIN_OBJECT:
        return "an object";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      case END_DOCUMENT:
        return "the end of the input";
      default:
        return token.name();
    }
  }
}
