package dev.orderflow.runtime.domain;

import java.time.Instant;
import java.util.Optional;
import org.immutables.gson.Gson;
import org.immutables.value.Value;

/**
 * One order, as stored in the orders table under the key {@link #id()}.
 *
 * <p>{@code customerId} always comes from the caller's identity, never from the caller's input.
 */
@Value.Immutable
@Gson.TypeAdapters
public abstract class Order {

  /** Largest length of {@link #name()} and {@link #restaurantId()}. */
  public static final int MAX_TEXT_LENGTH = 100;

  /** The order's key: a UUID, or derived from the customer and a client token. */
  public abstract String id();

  /** Who ordered: the Cognito {@code sub}, the IAM caller, or {@code anonymous} for API key callers. */
  public abstract String customerId();

  /** What was ordered, for example {@code Pizza}. */
  public abstract String name();

  /** How many, 1 or more. */
  public abstract int quantity();

  /** Where the order goes, for example {@code Dominos Pizza}. */
  public abstract String restaurantId();

  /** PENDING, then PROCESSING once the workflow claims it, until it finishes as SUCCESS or FAILED. */
  public abstract OrderStatus orderStatus();

  /** Why a {@link OrderStatus#FAILED} order failed. */
  public abstract Optional<String> failureReason();

  /** The payment's transaction id, once approved. */
  public abstract Optional<String> paymentId();

  /** How many were paid for, once approved: always the final {@link #quantity()}. */
  public abstract Optional<Integer> paidQuantity();

  /** When the order was placed. */
  public abstract Instant createdAt();

  /** When the order last changed, if it has. */
  public abstract Optional<Instant> updatedAt();

  /** Refuses values outside what is allowed, naming the field; {@code build()} calls it. */
  @Value.Check
  protected void check() {
    Validation.requireText("id", id(), MAX_TEXT_LENGTH);
    Validation.requireText("customerId", customerId(), MAX_TEXT_LENGTH * 2);
    Validation.requireText("name", name(), MAX_TEXT_LENGTH);
    Validation.requireText("restaurantId", restaurantId(), MAX_TEXT_LENGTH);
    Validation.requireAtLeast("quantity", quantity(), 1);
    if (paidQuantity().isPresent() && paidQuantity().get() != quantity()) {
      throw new IllegalArgumentException("paidQuantity must equal quantity " + quantity() + ", but was "
          + paidQuantity().get());
    }
    if (orderStatus() == OrderStatus.FAILED && failureReason().isEmpty()) {
      throw new IllegalArgumentException("failureReason is required when orderStatus is FAILED");
    }
  }

  /** A builder; {@code build()} checks every value and refuses what is not allowed. */
  public static ImmutableOrder.Builder builder() {
    return ImmutableOrder.builder();
  }
}
