/**
 * EventBridge on the local system: a stack's event buses ({@code AWS::Events::EventBus}, and the
 * {@code default} bus), its rules ({@code AWS::Events::Rule}) with their event patterns on Event
 * Ruler, and their targets, reached through the call gateway as the target's role or as EventBridge.
 */
package dev.orderflow.local.events;
