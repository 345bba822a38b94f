/**
 * AWS CDK constructs for event-driven order APIs.
 *
 * <p>Props are immutable value types with strict builders: {@code XxxProps.builder()...build()}
 * checks every value when it is built, so invalid props fail before any resource is made.
 */
@Value.Style(
    strictBuilder = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    jdkOnly = true,
    defaults = @Value.Immutable(copy = true))
package dev.orderflow.constructs;

import org.immutables.value.Value;
