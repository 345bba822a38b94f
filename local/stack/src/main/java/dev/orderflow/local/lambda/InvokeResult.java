package dev.orderflow.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What one invocation answered, as Lambda's Invoke API does: the payload, and
 * {@code FunctionError} when the function failed (then the payload is the error object).
 *
 * @param requestId the invocation's request id
 * @param payload the response bytes (JSON)
 * @param functionError {@code Unhandled} when the function threw or timed out
 * @param log what the function logged through its {@code Context} logger during this invocation
 */
public record InvokeResult(String requestId, byte[] payload, Optional<String> functionError, String log) {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The payload as JSON.
   *
   * @return the parsed payload ({@code null} node for an empty one)
   * @throws UncheckedIOException when the function answered something that is not JSON
   */
  public JsonNode json() {
    try {
      return payload.length == 0 ? MAPPER.nullNode() : MAPPER.readTree(payload);
    } catch (IOException e) {
      throw new UncheckedIOException("the response of request " + requestId + " is not JSON: "
          + new String(payload, StandardCharsets.UTF_8), e);
    }
  }

  /**
   * Whether the function failed.
   *
   * @return true when {@link #functionError()} is set
   */
  public boolean failed() {
    return functionError.isPresent();
  }
}
