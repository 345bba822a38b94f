/**
 * A Java client of the OrderFlow order API, deployed on AppSync or run by {@code orderflow-local}.
 *
 * <p>{@link dev.orderflow.client.OrderClient} makes typed calls for every operation; the values it
 * takes and answers are immutable types with strict builders ({@code NewOrder.builder()...build()}),
 * and the API's errors arrive as subclasses of {@link dev.orderflow.client.OrderApiException}.
 */
@Value.Style(
    strictBuilder = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = true))
package dev.orderflow.client;

import org.immutables.value.Value;
