package dev.orderflow.local.awsapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.appsync.LoopbackPolicy;
import dev.orderflow.local.dynamodb.http.LoopbackGuard;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What every loopback port that speaks an AWS JSON protocol shares: no server name or version in
 * any answer, and every error, Jetty's own included (a request line it cannot parse, a header too
 * large), answered as the JSON protocol answers errors: {@code __type} and {@code message}, never
 * an HTML or plain-text page.
 */
public final class AwsJsonPort {

  /** The content type of the AWS JSON 1.0 protocol. */
  public static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  /** The message of AWS's answer to a request without a signature. */
  public static final String MISSING_TOKEN = "Request is missing Authentication Token";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsJsonPort() {}

  /**
   * A connector on {@code 127.0.0.1:port} that names no server, with Jetty's own errors answered in
   * JSON, their {@code __type} prefixed with {@code typePrefix} (e.g. {@code com.amazonaws.sqs#}).
   */
  public static ServerConnector loopback(Server server, int port, String typePrefix) {
    HttpConfiguration config = new HttpConfiguration();
    config.setSendServerVersion(false);
    config.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setErrorHandler((Request request, Response response, Callback callback) -> {
      Object status = request.getAttribute(ErrorHandler.ERROR_STATUS);
      int code = status instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 400;
      String type = code >= 500 ? "InternalFailure" : code == 413 ? "RequestEntityTooLarge" : "SerializationException";
      writeError(response, code, typePrefix + type, "The request could not be read as HTTP ("
          + HttpStatus.getMessage(code) + ")", callback);
      return true;
    });
    return connector;
  }

  /**
   * Why a request to a loopback AWS port is refused before it is read, or null. Its {@code Host}
   * must name the loopback interface (a name that DNS rebinding points here is refused), and its
   * {@code Origin}, when a browser sends one, must be a loopback page or one the user allowed.
   */
  public static String refuseForeign(Request request, LoopbackPolicy policy) {
    String host = request.getHeaders().get(HttpHeader.HOST);
    // A service's own AWS name is kept by callers that sign for it (AppSync's HTTP data sources do);
    // no page can make such a name point here.
    String refusal = awsServiceHost(host) ? null : policy.refuseHost(host);
    return refusal != null ? refusal : policy.refuseOrigin(request.getHeaders().get(HttpHeader.ORIGIN));
  }

  private static boolean awsServiceHost(String host) {
    return host != null && LoopbackGuard.awsName(LoopbackGuard.hostOf(host.trim().toLowerCase(Locale.ROOT)));
  }

  /**
   * Whether a request carries a Signature Version 4 signature, in its {@code Authorization} header
   * or its query string (a presigned URL), as every AWS SDK and the CLI send. The signature's
   * value is not checked; an unsigned request is refused as AWS refuses it, so that a web page,
   * which cannot add the header without CORS allowing it, cannot make a call with a plain form
   * or image.
   */
  public static boolean signed(Request request) {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (authorization != null && authorization.startsWith("AWS4-HMAC-SHA256 ")) {
      return true;
    }
    String query = request.getHttpURI().getQuery();
    return query != null && query.contains("X-Amz-Signature=");
  }

  /** Answers an error in the JSON protocol's shape, with its type in {@code x-amzn-ErrorType} too. */
  public static void writeError(Response response, int status, String type, String message, Callback callback) {
    writeError(response, CONTENT_TYPE, status, type, message, callback);
  }

  /** The same, in a content type of the JSON protocols (1.0 or 1.1). */
  public static void writeError(Response response, String contentType, int status, String type, String message,
      Callback callback) {
    ObjectNode error = JSON.createObjectNode().put("__type", type).put("message", message);
    response.getHeaders().put("x-amzn-ErrorType", type);
    byte[] bytes = error.toString().getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
