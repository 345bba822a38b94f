package dev.orderflow.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the commands print of orders and of a load run, against a stand-in API. */
class ReportsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PENDING = StandInApi.ORDER.replace("SUCCESS", "PENDING");

  @TempDir
  Path home;

  @Test
  void everyTimestampKeepsItsMillisecondsEvenWhenTheyAreZero() throws Exception {
    try (StandInApi api = new StandInApi()) {
      Cli cli = cli(api);

      JsonNode order = JSON.readTree(cli.run("get", "o-1", "--json").out());
      String table = cli.run("get", "o-1").out();
      String watched = cli.run("watch", "o-1", "--poll").out();

      assertThat(order.path("createdAt").asText()).isEqualTo("2026-01-01T10:00:00.000Z");
      assertThat(order.path("updatedAt").asText()).isEqualTo("2026-01-01T10:00:01.000Z");
      assertThat(table).contains("  2026-01-01T10:00:00.000Z  ");
      assertThat(watched).startsWith("2026-01-01T10:00:01.000Z  o-1  SUCCESS");
    }
  }

  @Test
  void loadCountsAnOrderThatIsNotFoundAfterItsPostAsVanishedApartFromOrdersNotFinal() throws Exception {
    // postOrder accepts the order, and then no read finds it.
    try (StandInApi api = new StandInApi(body -> body.contains("postOrder") ? "{\"postOrder\":" + PENDING + "}"
        : body.contains("getAllOrders") ? "{\"getAllOrders\":{\"items\":[],\"nextToken\":null}}"
        : "{\"getSingleOrder\":null}")) {

      Cli.Result run = cli(api).run("load", "--orders", "1", "--deadline", "1", "--json");

      assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
      JsonNode report = JSON.readTree(run.out());
      assertThat(report.path("sent").asLong()).isEqualTo(1);
      assertThat(report.path("vanished").asLong()).isEqualTo(1);
      assertThat(report.path("notFinal").asLong()).isZero();
      assertThat(report.path("postsFailed").asLong()).isZero();
    }
  }

  @Test
  void loadCountsAnOrderStillPendingAtTheDeadlineAsNotFinal() throws Exception {
    try (StandInApi api = new StandInApi(body -> body.contains("postOrder") ? "{\"postOrder\":" + PENDING + "}"
        : body.contains("getAllOrders") ? "{\"getAllOrders\":{\"items\":[" + PENDING + "],\"nextToken\":null}}"
        : "{\"getSingleOrder\":" + PENDING + "}")) {

      Cli.Result run = cli(api).run("load", "--orders", "1", "--deadline", "1");

      assertThat(run.code()).isEqualTo(ExitCodes.INCOMPLETE);
      assertThat(run.out()).contains("orders    requested 1   sent 1   posts failed 0",
          "final     0 (SUCCESS 0 paid, FAILED 0 declined)   not final after the deadline 1   vanished 0");
    }
  }

  @Test
  void loadNamesFailedPostsApartFromDeclinedOrders() throws Exception {
    String declined = StandInApi.ORDER.replace("SUCCESS", "FAILED");
    String refused = "{\"errors\":[{\"errorType\":\"ValidationError\",\"message\":\"quantity must be from 1 to 100\"}]}";
    try (StandInApi api = new StandInApi(body -> body.contains("\"clientToken\":\"run-1\"") ? null
        : body.contains("postOrder") ? "{\"postOrder\":" + declined + "}"
        : "{\"getAllOrders\":{\"items\":[" + declined + "],\"nextToken\":null}}", refused)) {

      Cli.Result text = cli(api).run("load", "--orders", "2", "--concurrency", "1", "--token-prefix", "run-");
      Cli.Result json = cli(api).run("load", "--orders", "2", "--concurrency", "1", "--token-prefix", "run-", "--json");

      assertThat(text.code()).isEqualTo(ExitCodes.INCOMPLETE);
      assertThat(text.out()).contains("orders    requested 2   sent 1   posts failed 1",
          "final     1 (SUCCESS 0 paid, FAILED 1 declined)   not final after the deadline 0   vanished 0",
          "  ValidationError");
      JsonNode report = JSON.readTree(json.out());
      assertThat(report.path("postsFailed").asLong()).isEqualTo(1);
      assertThat(report.path("declined").asLong()).isEqualTo(1);
      assertThat(report.has("failed")).as("the old name of postsFailed").isFalse();
    }
  }

  private Cli cli(StandInApi api) {
    return new Cli(Map.of("ORDERFLOW_URL", api.url(), "ORDERFLOW_API_KEY", "da2-stand-in"), home);
  }
}
