package dev.orderflow.local.appsync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The GraphiQL page: a small HTML shell, and the script and styles that the build bundled into the jar. */
final class GraphiqlPage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ASSETS = Map.of(
      "/graphiql.js", "application/javascript; charset=UTF-8",
      "/graphiql.css", "text/css; charset=UTF-8");
  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();
  private GraphiqlPage() {
  }

  static boolean isAsset(String path) {
    return ASSETS.containsKey(path);
  }

  static String contentType(String path) {
    return ASSETS.get(path);
  }

  static byte[] asset(String path) {
    return CACHE.computeIfAbsent(path, p -> {
      try (InputStream in = GraphiqlPage.class.getResourceAsStream(p.substring(1))) {
        return in == null ? null : in.readAllBytes();
      } catch (IOException e) {
        return null;
      }
    });
  }

  /** The title of the evaluator's pane, which {@code /_orderflow/evaluate} opens the page with. */
  static final String EVALUATOR = "Resolver evaluator";

  /**
   * The page.
   *
   * @param apiKey the key GraphiQL sends, or null
   * @param defaultQuery the document the editor opens with
   * @param consoleUrl the local console, which the page links to; null for no link
   * @param openPane the title of the side pane to open with, or null for none
   */
  static byte[] html(String apiKey, String defaultQuery, java.net.URI consoleUrl, String openPane) {
    ObjectNode settings = JSON.createObjectNode();
    settings.put("graphqlPath", "/graphql");
    settings.put("requestsPath", AppSyncEndpoint.REQUESTS_PATH);
    settings.put("resolversPath", AppSyncEndpoint.RESOLVERS_PATH);
    settings.put("evaluatePath", AppSyncEndpoint.EVALUATE_CODE_PATH);
    settings.put("openPane", openPane);
    settings.put("apiKey", apiKey);
    settings.put("defaultQuery", defaultQuery);
    settings.put("consoleUrl", consoleUrl == null ? null : consoleUrl.toString());
    String json;
    try {
      // "</" must not end the script element that holds the settings.
      json = JSON.writeValueAsString(settings).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>GraphiQL: local OrderFlow endpoint</title>
          <link rel="stylesheet" href="/graphiql.css">
          <style>html, body, #graphiql { height: 100%; margin: 0; }
            #orderflow-console-link { position: fixed; right: 14px; bottom: 10px; z-index: 10; font: 13px system-ui, sans-serif; }
          </style>
        </head>
        <body>
          <div id="graphiql">Loading GraphiQL...</div>
          <script id="orderflow-settings" type="application/json">SETTINGS</script>
          <script src="/graphiql.js"></script>
        </body>
        </html>
        """.replace("SETTINGS", json);
    return page.getBytes(StandardCharsets.UTF_8);
  }
}
