/**
 * The engine's tables: attribute values, 38-digit numbers, item keys ordered as DynamoDB orders them, secondary indexes.
 *
 * <p>Internal to the engine, not API: it may change in any release. The engine's public face is
 * {@link dev.orderflow.local.dynamodb.DynamoDbEngine} and the other types of
 * {@code dev.orderflow.local.dynamodb}.
 */
package dev.orderflow.local.dynamodb.table;
