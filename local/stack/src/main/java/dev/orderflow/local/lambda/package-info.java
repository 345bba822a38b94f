/**
 * Java Lambda functions of a stack, run from their deployment package in the cloud assembly, each
 * in its own class loader with its own environment variables, memory size and timeout from the
 * template, and failing the way Lambda reports failures.
 */
package dev.orderflow.local.lambda;
