/**
 * The payment step of the order workflow: its request and result, the gateway it asks, and the
 * Lambda handler that the workflow invokes.
 */
@Value.Style(
    strictBuilder = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    defaults = @Value.Immutable(copy = true))
package dev.orderflow.runtime.payment;

import org.immutables.value.Value;
