package dev.orderflow.local.pipes;

import static dev.orderflow.local.pipes.PipeFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.assembly.AssemblyException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InputTemplateTest {

  private static final InputTemplate.Variables VARIABLES = new InputTemplate.Variables(
      "arn:aws:pipes:us-east-1:123456789012:pipe/orders", "orders", "arn:aws:sqs:us-east-1:123456789012:in",
      "arn:aws:sns:us-east-1:123456789012:out");
  private static final Instant RECEIVED = Instant.parse("2025-03-04T05:06:07.890Z");

  private static PipeEvent message(String body) {
    ObjectNode event = (ObjectNode) json("{\"messageId\":\"m-1\",\"attributes\":{\"SenderId\":\"AIDA1\"},"
        + "\"eventSource\":\"aws:sqs\"}");
    event.put("body", body);
    return PipeEvent.fromMessage("m-1", event, "r-1", RECEIVED);
  }

  private static InputTemplate.Rendered render(String template, PipeEvent event) {
    return new InputTemplate(template, "Pipe").render(event, VARIABLES);
  }

  @Test
  void insertsStringsAsTheyAreInATextTemplate() {
    InputTemplate.Rendered rendered = render("Hello, <$.attributes.SenderId> from <$.body.customer.name>!",
        message("{\"customer\":{\"name\":\"Ada \\\"A\\\" L\"}}"));

    assertThat(rendered.text()).isEqualTo("Hello, AIDA1 from Ada \"A\" L!");
    assertThat(rendered.payload().asText()).isEqualTo(rendered.text());
  }

  @Test
  void leavesAMissingPathEmptyInATextTemplate() {
    assertThat(render("Failure reason: <$.body.failureReason>", message("{\"id\":\"o-1\"}")).text())
        .isEqualTo("Failure reason: ");
  }

  @Test
  void insertsAStringOutsideQuotesAsAJsonStringAndAnObjectAsJsonInAJsonTemplate() {
    InputTemplate.Rendered rendered = render("{\"order\": <$.body.order>, \"id\": <$.body.order.id>, "
        + "\"count\": <$.body.order.count>}", message("{\"order\":{\"id\":\"o-1\",\"count\":3}}"));

    assertThat(rendered.payload()).isEqualTo(json("{\"order\":{\"id\":\"o-1\",\"count\":3},\"id\":\"o-1\","
        + "\"count\":3}"));
    assertThat(json(rendered.text())).isEqualTo(rendered.payload());
  }

  @Test
  void insertsAValueInsideQuotesAsEscapedTextInAJsonTemplate() {
    InputTemplate.Rendered rendered = render("{\"text\": \"Order <$.body.id> says <$.body.note>\"}",
        message("{\"id\":\"o-1\",\"note\":\"a \\\"quoted\\\" word\"}"));

    assertThat(rendered.payload().get("text").asText()).isEqualTo("Order o-1 says a \"quoted\" word");
  }

  @Test
  void dropsTheMemberOfAMissingPathFromAJsonTemplate() {
    InputTemplate.Rendered rendered = render("{\"id\": <$.body.id>, \"reason\": <$.body.failureReason>, "
        + "\"list\": [<$.body.id>, <$.body.nothing>]}", message("{\"id\":\"o-1\"}"));

    assertThat(rendered.payload()).isEqualTo(json("{\"id\":\"o-1\",\"list\":[\"o-1\"]}"));
  }

  @Test
  void removesTheQuotesOfAnObjectInsertedIntoText() {
    assertThat(render("Body is <$.body>", message("{\"key\":\"value\"}")).text()).isEqualTo("Body is {key:value}");
  }

  @Test
  void fillsTheReservedVariables() {
    InputTemplate.Rendered rendered = render("{\"arn\": <aws.pipes.pipe-arn>, \"name\": <aws.pipes.pipe-name>, "
        + "\"source\": <aws.pipes.source-arn>, \"target\": <aws.pipes.target-arn>, "
        + "\"at\": <aws.pipes.event.ingestion-time>, \"event\": <aws.pipes.event>, "
        + "\"parsed\": <aws.pipes.event.json>}", message("{\"id\":\"o-1\"}"));

    assertThat(rendered.payload().get("arn").asText()).isEqualTo(VARIABLES.pipeArn());
    assertThat(rendered.payload().get("name").asText()).isEqualTo("orders");
    assertThat(rendered.payload().get("source").asText()).isEqualTo(VARIABLES.sourceArn());
    assertThat(rendered.payload().get("target").asText()).isEqualTo(VARIABLES.targetArn());
    assertThat(rendered.payload().get("at").asText()).isEqualTo("2025-03-04T05:06:07.890Z");
    assertThat(rendered.payload().get("event").get("body").asText()).as("the event keeps its body as a string")
        .isEqualTo("{\"id\":\"o-1\"}");
    assertThat(rendered.payload().get("parsed").get("body")).as("event.json parses the body")
        .isEqualTo(json("{\"id\":\"o-1\"}"));
  }

  @Test
  void readsArrayIndexesAndWildcards() {
    PipeEvent event = message("{\"lines\":[{\"sku\":\"a\"},{\"sku\":\"b\"}]}");

    assertThat(render("<$.body.lines[1].sku>", event).text()).isEqualTo("b");
    assertThat(render("{\"skus\": <$.body.lines[*].sku>}", event).payload())
        .isEqualTo(json("{\"skus\":[\"a\",\"b\"]}"));
  }

  @Test
  void handsOnTheJsonValueOfATemplateThatIsOnePath() {
    assertThat(render("<$.body.order>", message("{\"order\":{\"id\":\"o-1\"}}")).payload())
        .isEqualTo(json("{\"id\":\"o-1\"}"));
  }

  @Test
  void refusesAnUnknownReservedVariable() {
    assertThatThrownBy(() -> new InputTemplate("Hi <aws.pipes.pipe-colour>", "NotifierPipe"))
        .isInstanceOf(AssemblyException.class)
        .hasMessageContaining("NotifierPipe")
        .hasMessageContaining("TargetParameters.InputTemplate")
        .hasMessageContaining("<aws.pipes.pipe-colour>")
        .hasMessageContaining("<aws.pipes.pipe-name>");
  }
}
