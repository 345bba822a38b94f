package dev.orderflow.local.bill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderflow.local.gateway.CallListener.Call;
import dev.orderflow.local.gateway.Caller;
import org.junit.jupiter.api.Test;

class GatewayMeterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Caller ROLE = Caller.role("arn:aws:iam::000000000000:role/Pipe", "arn:aws:pipes:::pipe/p");

  private final Meter meter = new Meter();
  private final GatewayMeter listener = new GatewayMeter(meter);

  @Test
  void aMessageOfExactly64KbIsOneRequestAndOneByteMoreIsTwo() {
    send("x".repeat(65_536));
    assertThat(count(Line.SQS_REQUESTS)).isEqualTo(1.0);

    send("x".repeat(65_537));
    assertThat(count(Line.SQS_REQUESTS)).isEqualTo(3.0);
  }

  @Test
  void aBatchReceiveIsOneRequestPer64KbOfAllItsMessages() {
    ObjectNode answer = JSON.createObjectNode();
    for (int i = 0; i < 10; i++) {
      answer.withArray("Messages").addObject().put("Body", "x".repeat(7_000));
    }
    listener.called(new Call(ROLE, "sqs", "ReceiveMessage", JSON.createObjectNode()), answer, null, 0);
    assertThat(count(Line.SQS_REQUESTS)).isEqualTo(2.0);

    listener.called(new Call(ROLE, "sqs", "ReceiveMessage", JSON.createObjectNode()), JSON.createObjectNode(), null, 0);
    assertThat(meter.bill(Prices.defaults()).line(Line.SQS_REQUESTS).by()).containsEntry("ReceiveMessage (empty)", 1.0);
  }

  @Test
  void theLocalUsersCallsAreNotTheStacksAndAreNotBilled() {
    listener.called(new Call(Caller.USER, "sqs", "GetQueueAttributes", JSON.createObjectNode()),
        JSON.createObjectNode(), null, 0);

    assertThat(count(Line.SQS_REQUESTS)).isZero();
  }

  @Test
  void eachAcceptedEventIsBilledPer64KbOfItsEntry() {
    ObjectNode request = JSON.createObjectNode();
    request.withArray("Entries").addObject().put("Source", "s").put("DetailType", "d").put("Detail", "{}");
    request.withArray("Entries").addObject().put("Source", "s").put("DetailType", "d").put("Detail", "{}");
    JsonNode answer = JSON.createObjectNode().set("Entries", JSON.createArrayNode()
        .add(JSON.createObjectNode().put("EventId", "1")).add(JSON.createObjectNode().put("ErrorCode", "Throttled")));

    listener.called(new Call(ROLE, "events", "PutEvents", request), answer, null, 0);

    assertThat(count(Line.EVENTBRIDGE_EVENTS)).isEqualTo(1.0);
  }

  @Test
  void aPublishIsOneRequestPer64KbOfItsMessage() {
    listener.called(new Call(ROLE, "sns", "Publish", JSON.createObjectNode().put("Message", "x".repeat(65_537))),
        JSON.createObjectNode(), null, 0);

    assertThat(count(Line.SNS_PUBLISHES)).isEqualTo(2.0);
  }

  private void send(String body) {
    listener.called(new Call(ROLE, "sqs", "SendMessage", JSON.createObjectNode().put("MessageBody", body)),
        JSON.createObjectNode().put("MessageId", "m"), null, 0);
  }

  private double count(Line line) {
    return meter.bill(Prices.defaults()).line(line).count();
  }
}
