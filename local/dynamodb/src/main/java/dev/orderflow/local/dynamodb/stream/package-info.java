/**
 * DynamoDB Streams over the engine's tables: records, shards, iterators and trimming.
 *
 * <p>Internal to the engine, not API: it may change in any release. The engine's public face is
 * {@link dev.orderflow.local.dynamodb.DynamoDbEngine} and the other types of
 * {@code dev.orderflow.local.dynamodb}.
 */
package dev.orderflow.local.dynamodb.stream;
