package dev.orderflow.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Runs the commands once against a stand-in API inside this JVM, answering every operation from a
 * fixed order, so that the launcher's class-data archive holds what a real command loads.
 */
@Command(name = "rehearse", hidden = true, description = "Runs every command against a stand-in API, for the class-data archive.")
final class RehearseCommand implements Callable<Integer> {

  private final ObjectMapper json;

  RehearseCommand(Env env, ObjectMapper json) {
    this.json = json;
  }

  @Override
  public Integer call() throws IOException {
    String order = "{\"id\":\"rehearsal\",\"name\":\"Pizza\",\"quantity\":1,\"restaurantId\":\"Here\","
        + "\"orderStatus\":\"SUCCESS\",\"failureReason\":null,\"paymentId\":\"pay-1\",\"paidQuantity\":1,"
        + "\"createdAt\":\"" + Instant.now() + "\",\"updatedAt\":\"" + Instant.now() + "\"}";
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/graphql", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String data;
      if (body.contains("getAllOrders")) {
        data = "{\"getAllOrders\":{\"items\":[" + order + "],\"nextToken\":null}}";
      } else if (body.contains("deleteOrder")) {
        data = "{\"deleteOrder\":\"rehearsal\"}";
      } else {
        String field = body.contains("postOrder") ? "postOrder" : body.contains("updateOrder") ? "updateOrder" : "getSingleOrder";
        data = "{\"" + field + "\":" + order + "}";
      }
      byte[] answer = ("{\"data\":" + data + "}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/graphql";
      PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
      Env quiet = new Env(Map.of(), java.nio.file.Path.of("."), nowhere, nowhere, false);
      String[][] runs = {
          {"post", "--name", "Pizza", "--quantity", "1", "--restaurant", "Here"},
          {"get", "rehearsal"}, {"get", "rehearsal", "--json"},
          {"list"}, {"list", "--all", "--json"},
          {"update", "rehearsal", "--quantity", "2"},
          {"delete", "rehearsal"},
          {"watch", "rehearsal"},
          {"load", "--orders", "3", "--json"}, {"load", "--orders", "2", "--progress", "always"},
          {"get", "--help"},
      };
      for (String[] run : runs) {
        String[] args = new String[run.length + 4];
        System.arraycopy(run, 0, args, 0, run.length);
        args[run.length] = "--url";
        args[run.length + 1] = url;
        args[run.length + 2] = "--api-key";
        args[run.length + 3] = "da2-rehearsal";
        OrderflowCommand.run(quiet, args);
      }
      OrderflowCommand.run(quiet, "get", "x", "--url", "http://127.0.0.1:1/graphql", "--api-key", "k");
    } finally {
      server.stop(0);
    }
    json.createObjectNode();
    return ExitCodes.OK;
  }
}
