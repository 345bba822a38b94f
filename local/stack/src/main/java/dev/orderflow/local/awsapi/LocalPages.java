package dev.orderflow.local.awsapi;

import java.util.Map;
import java.util.Optional;

/**
 * Pages and JSON that the AWS endpoint serves under {@code /_orderflow/} besides the executions
 * (the local console): the local system hands one to the endpoint.
 */
public interface LocalPages {

  /** No pages: every path but the executions' answers 404. */
  LocalPages NONE = request -> Optional.empty();

  /**
   * Answers a request under {@code /_orderflow/}.
   *
   * @param request the request
   * @return the answer, or empty when no page has that path
   */
  Optional<Answer> serve(PageRequest request);

  /**
   * A request to a page.
   *
   * @param method the HTTP method
   * @param path the path, e.g. {@code /_orderflow/orders/abc}, still URL-encoded
   * @param query the query parameters, decoded
   * @param accept the {@code Accept} header, or null
   * @param host the {@code Host} header, or null
   * @param origin the {@code Origin} header, or null
   */
  record PageRequest(String method, String path, Map<String, String> query, String accept, String host,
      String origin) {
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param contentType the content type
   * @param body the body
   */
  record Answer(int status, String contentType, byte[] body) {
  }
}
