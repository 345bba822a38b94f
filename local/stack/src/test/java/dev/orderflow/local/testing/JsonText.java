package dev.orderflow.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON carried as a string inside JSON, as EvaluateCode answers {@code evaluationResult}, {@code stash}, {@code outErrors}. */
public final class JsonText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {
  }

  /**
   * Reads the JSON that a text node holds.
   *
   * @param text a text node, e.g. {@code answer.path("evaluationResult")}
   * @return the parsed value
   */
  public static JsonNode read(JsonNode text) {
    try {
      return JSON.readTree(text.asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
