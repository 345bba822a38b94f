/**
 * EventBridge on the local system: a stack's event buses ({@code AWS::Events::EventBus}, and the
 * {@code default} bus), its rules ({@code AWS::Events::Rule}) with their event patterns on Event
 * Ruler, and their targets, reached through {@link dev.orderflow.local.events.EventTargets}.
 */
package dev.orderflow.local.events;
