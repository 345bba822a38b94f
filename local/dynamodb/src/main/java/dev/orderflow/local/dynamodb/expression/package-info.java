/**
 * DynamoDB's expression language for the embedded engine: condition and filter expressions
 * ({@link dev.orderflow.local.dynamodb.expression.Condition}), update expressions
 * ({@link dev.orderflow.local.dynamodb.expression.Update}), projection expressions
 * ({@link dev.orderflow.local.dynamodb.expression.Projection}) and key conditions of Query
 * ({@link dev.orderflow.local.dynamodb.expression.KeyCondition}), with the placeholders of one
 * request in {@link dev.orderflow.local.dynamodb.expression.ExpressionAttributes}.
 *
 * <p>Each expression goes through four stages, one per class: {@code Tokenizer}, {@code Parser}
 * (a tree with placeholders unresolved, cached by expression text), {@code Resolver} (names,
 * values, reserved words, functions and constant operand types, per request) and evaluation.
 * Errors are ValidationExceptions worded as DynamoDB words them.
 *
 * <p>Internal to the engine, not API: it may change in any release.
 */
package dev.orderflow.local.dynamodb.expression;
