/**
 * The DynamoDB operations over the tables: each request checked against its shape, then run.
 *
 * <p>Internal to the engine, not API: it may change in any release. The engine's public face is
 * {@link dev.orderflow.local.dynamodb.DynamoDbEngine} and the other types of
 * {@code dev.orderflow.local.dynamodb}.
 */
package dev.orderflow.local.dynamodb.operation;
