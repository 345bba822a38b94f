/**
 * Load generation against the order API: many orders through {@code postOrder} with client tokens,
 * followed until final, with the latency of the call and the time to final as percentiles.
 */
@Value.Style(
    strictBuilder = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = true))
package dev.orderflow.client.load;

import org.immutables.value.Value;
