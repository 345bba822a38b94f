/**
 * DynamoDB's wire protocol over HTTP: JSON in, an operation, JSON or an error out; no semantics here.
 *
 * <p>Internal to the engine, not API: it may change in any release. The engine's public face is
 * {@link dev.orderflow.local.dynamodb.DynamoDbEngine} and the other types of
 * {@code dev.orderflow.local.dynamodb}.
 */
package dev.orderflow.local.dynamodb.http;
