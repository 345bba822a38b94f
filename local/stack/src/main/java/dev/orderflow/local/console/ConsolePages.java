package dev.orderflow.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.appsync.LoopbackPolicy;
import dev.orderflow.local.awsapi.LocalPages;
import dev.orderflow.local.gateway.ServiceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's paths under {@code /_orderflow/}: the page (one HTML shell for every view, its
 * script and styles bundled into the jar at build time) and the JSON it reads.
 *
 * <table>
 *   <caption>JSON paths</caption>
 *   <tr><td>{@code GET /_orderflow/api/orders}</td><td>{@link Console#orders()}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/orders/{id}}, or {@code /_orderflow/orders/{id}} with
 *       {@code Accept: application/json}</td><td>{@link Console#journey(String)}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/tables}</td><td>{@link Console#tables()}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/tables/{name}/items?limit=&nextToken=&key=}</td>
 *       <td>{@link Console#items}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/tables/{name}/stream?key=}</td><td>{@link Console#streamRecords}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/queues}</td><td>{@link Console#queues()}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/queues/{name}/messages}</td><td>{@link Console#messages}</td></tr>
 *   <tr><td>{@code POST /_orderflow/api/queues/{name}/redrive}</td><td>{@link Console#redrive}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/workflows}</td><td>{@link Console#workflows()}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/executions?stateMachineArn=&status=&contains=}</td>
 *       <td>{@link Console#executions}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/executions/{arn}}</td><td>{@link Console#execution(String)}</td></tr>
 *   <tr><td>{@code GET /_orderflow/api/outbox}</td><td>{@link Console#outbox()}</td></tr>
 * </table>
 *
 * <p>Only loopback {@code Host}s are answered, and a {@code POST} only from a loopback page (or a
 * client that sends no {@code Origin}), so that no other web page can drive the console.
 */
public final class ConsolePages implements LocalPages {

  /** Where the console is. */
  public static final String PATH = "/_orderflow/";
  private static final String API = "/_orderflow/api/";
  private static final String JSON_TYPE = "application/json";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> ASSETS = Map.of(
      "/_orderflow/console.js", "application/javascript; charset=UTF-8",
      "/_orderflow/console.css", "text/css; charset=UTF-8");
  /** The views of the page: each of these paths answers the page itself. */
  private static final Pattern VIEWS = Pattern.compile(
      "/_orderflow/?|/_orderflow/(orders|tables|queues|workflows|outbox)(/.*)?");
  private static final Pattern ORDER = Pattern.compile("/_orderflow/orders/([^/]+)");
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private final Console console;
  private final LoopbackPolicy loopback = new LoopbackPolicy("127.0.0.1", List.of());

  /**
   * The pages of a console.
   *
   * @param console what they show
   */
  public ConsolePages(Console console) {
    this.console = console;
  }

  @Override
  public Optional<Answer> serve(PageRequest request) {
    String refused = loopback.refuseHost(request.host());
    if (refused == null && !"GET".equals(request.method())) {
      refused = request.origin() == null ? null : loopback.refuseOrigin(request.origin());
    }
    if (refused != null) {
      return Optional.of(error(403, "ForbiddenException", refused));
    }
    String path = request.path();
    try {
      if ("GET".equals(request.method()) && ASSETS.containsKey(path)) {
        byte[] body = asset(path.substring(path.lastIndexOf('/') + 1));
        return Optional.of(body == null
            ? error(404, "NotFoundException", "The console's " + path + " is missing from the jar: build"
                + " orderflow-local with Maven, which bundles it")
            : new Answer(200, ASSETS.get(path), body));
      }
      if (path.startsWith(API)) {
        return api(request.method(), path.substring(API.length()), request.query());
      }
      Matcher order = ORDER.matcher(path);
      if ("GET".equals(request.method()) && order.matches() && wantsJson(request.accept())) {
        return Optional.of(json(console.journey(decode(order.group(1)))));
      }
      if ("GET".equals(request.method()) && VIEWS.matcher(path).matches()) {
        return Optional.of(new Answer(200, "text/html; charset=UTF-8", html()));
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(error(400, "BadRequestException", e.getMessage()));
    } catch (ServiceException e) {
      return Optional.of(error(e.status(), e.code(), e.getMessage()));
    }
  }

  private Optional<Answer> api(String method, String rest, Map<String, String> query) {
    String[] parts = rest.split("/", -1);
    String name = parts.length > 1 ? decode(parts[1]) : null;
    if ("POST".equals(method)) {
      return parts.length == 3 && parts[0].equals("queues") && parts[2].equals("redrive")
          ? Optional.of(json(console.redrive(name))) : Optional.empty();
    }
    if (!"GET".equals(method)) {
      return Optional.empty();
    }
    JsonNode answer = switch (parts[0] + "/" + parts.length) {
      case "orders/1" -> console.orders();
      case "orders/2" -> console.journey(name);
      case "tables/1" -> console.tables();
      case "tables/3" -> switch (parts[2]) {
        case "items" -> console.items(name, Integer.parseInt(query.getOrDefault("limit", "25")),
            query.get("nextToken"), query.get("key"));
        case "stream" -> console.streamRecords(name, blankAsNull(query.get("key")));
        default -> null;
      };
      case "queues/1" -> console.queues();
      case "queues/3" -> parts[2].equals("messages") ? console.messages(name) : null;
      case "workflows/1" -> console.workflows();
      case "executions/1" -> console.executions(blankAsNull(query.get("stateMachineArn")),
          blankAsNull(query.get("status")), blankAsNull(query.get("contains")));
      case "executions/2" -> console.execution(name).map(JsonNode.class::cast).orElseGet(() -> NODES.objectNode()
          .put("__type", "ExecutionDoesNotExist").put("message", "Execution Does Not Exist: '" + name + "'"));
      case "outbox/1" -> console.outbox();
      default -> null;
    };
    if (answer == null) {
      return Optional.empty();
    }
    return Optional.of(answer.has("__type") ? new Answer(404, JSON_TYPE, bytes(answer)) : json(answer));
  }

  private static String blankAsNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static boolean wantsJson(String accept) {
    return accept != null && accept.contains(JSON_TYPE) && !accept.contains("text/html");
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static Answer json(JsonNode body) {
    return new Answer(200, JSON_TYPE, bytes(body));
  }

  private static Answer error(int status, String type, String message) {
    ObjectNode body = NODES.objectNode().put("__type", type).put("message", message);
    return new Answer(status, JSON_TYPE, bytes(body));
  }

  private static byte[] bytes(JsonNode body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] asset(String name) {
    return CACHE.computeIfAbsent(name, n -> {
      try (InputStream in = ConsolePages.class.getResourceAsStream(n)) {
        return in == null ? null : in.readAllBytes();
      } catch (IOException e) {
        return null;
      }
    });
  }

  /** The page: a shell that the bundled script fills in; the script reads the path to pick a view. */
  static byte[] html() {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>OrderFlow local console</title>
          <link rel="stylesheet" href="/_orderflow/console.css">
        </head>
        <body>
          <div id="console">Loading the console...</div>
          <script src="/_orderflow/console.js"></script>
        </body>
        </html>
        """.getBytes(StandardCharsets.UTF_8);
  }
}
