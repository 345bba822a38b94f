/**
 * Runs Step Functions state machines (Amazon States Language, JSONPath) on this machine, on
 * aws-local-stepfunctions in one Node.js process per {@link dev.orderflow.local.stepfunctions.StepFunctionsRunner},
 * with every Task state executed in Java by a {@link dev.orderflow.local.stepfunctions.TaskHandler}.
 */
package dev.orderflow.local.stepfunctions;
