package dev.orderflow.runtime.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import dev.orderflow.runtime.domain.GsonAdaptersOrder;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON mapper for the domain types. They are read and written by adapters that Immutables
 * generates at compile time, so nothing is reflected on at run time. (The payment function reads
 * and writes its two small messages with Gson's streaming layer alone, for a faster cold start.)
 */
public final class Json {

  private static final Gson GSON =
      new GsonBuilder()
          .registerTypeAdapterFactory(new GsonAdaptersOrder())
          .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
          .disableHtmlEscaping()
          .create();

  private Json() {}

  /**
   * Reads one JSON value of {@code type}.
   *
   * @throws JsonParseException when the text is not JSON or does not fit the type
   */
  public static <T> T read(Reader reader, Class<T> type) {
    T value = GSON.fromJson(reader, type);
    if (value == null) {
      throw new JsonParseException("expected a JSON object, but the input was empty or null");
    }
    return value;
  }

  /** Reads one JSON value of {@code type} from {@code json}, as {@link #read(Reader, Class)} does. */
  public static <T> T read(String json, Class<T> type) {
    return read(new java.io.StringReader(json), type);
  }

  /** {@code value} as JSON. */
  public static String write(Object value) {
    return GSON.toJson(value);
  }

  /** Writes {@code value} as JSON to {@code out}. */
  public static void write(Object value, Appendable out) {
    GSON.toJson(value, out);
  }

  /** ISO-8601 instants, the form of AppSync's {@code AWSDateTime}. */
  private static final class InstantAdapter extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(value.toString());
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      if (in.peek() != JsonToken.STRING) {
        throw new JsonParseException(
            "expected an ISO-8601 timestamp string at " + in.getPreviousPath() + ", but found " + in.peek());
      }
      String text = in.nextString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new JsonParseException(
            "expected an ISO-8601 timestamp at " + in.getPreviousPath() + ", but was \"" + text + "\"", e);
      }
    }
  }
}
