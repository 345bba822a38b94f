package dev.orderflow.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** IAM's wildcard language, as actions, resources and StringLike values use it. */
class IamWildcardTest {

  @Test
  void starMatchesAnyRunOfCharactersIncludingNoneAndSeparators() {
    Wildcard arn = Wildcard.of("arn:aws:sqs:*:000000000000:orders*");

    assertThat(arn.matches("arn:aws:sqs:us-east-1:000000000000:orders")).isTrue();
    assertThat(arn.matches("arn:aws:sqs:us-east-1:000000000000:orders-dlq")).isTrue();
    assertThat(arn.matches("arn:aws:sqs:a:b:000000000000:orders")).as("a star in a resource spans colons").isTrue();
    assertThat(arn.matches("arn:aws:sqs:us-east-1:111111111111:orders")).isFalse();
  }

  @Test
  void severalStarsBackTrackToFindAMatch() {
    Wildcard pattern = Wildcard.of("a*b*c");

    assertThat(pattern.matches("abc")).isTrue();
    assertThat(pattern.matches("aXbYbZc")).isTrue();
    assertThat(pattern.matches("abcbc")).isTrue();
    assertThat(pattern.matches("aXbYbZ")).isFalse();
    assertThat(pattern.matches("XaXbYc")).isFalse();
  }

  @Test
  void questionMarkMatchesExactlyOneCharacter() {
    Wildcard pattern = Wildcard.of("table/T?");

    assertThat(pattern.matches("table/T1")).isTrue();
    assertThat(pattern.matches("table/T")).isFalse();
    assertThat(pattern.matches("table/T12")).isFalse();
  }

  @Test
  void patternsWithoutWildcardsMatchOnlyThemselves() {
    assertThat(Wildcard.of("table/Orders").matches("table/Orders")).isTrue();
    assertThat(Wildcard.of("table/Orders").matches("table/Orders/index/x")).isFalse();
    assertThat(Wildcard.of("table/Orders").matches("table/orders")).isFalse();
    assertThat(Wildcard.ignoringCase("DynamoDB:GetItem").matches("dynamodb:getitem")).isTrue();
  }

  @Test
  void manyStarsOnALongNearMissStayQuick() {
    Wildcard pattern = Wildcard.of("*a*a*a*a*a*a*a*a*a*a*b");
    String text = "a".repeat(5_000);

    long start = System.nanoTime();
    boolean matched = pattern.matches(text);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(matched).isFalse();
    assertThat(millis).as("no exponential back-tracking").isLessThan(2_000);
  }
}
