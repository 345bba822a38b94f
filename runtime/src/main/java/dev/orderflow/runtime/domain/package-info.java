/**
 * Checks shared by the runtime's value types, each naming the field that fails.
 */
@Value.Style(
    strictBuilder = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    defaults = @Value.Immutable(copy = true))
package dev.orderflow.runtime.domain;

import org.immutables.value.Value;
