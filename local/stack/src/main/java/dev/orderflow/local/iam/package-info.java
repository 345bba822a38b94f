/**
 * IAM as AWS evaluates it within one account, judged from the policies of a stack's own template:
 * {@link dev.orderflow.local.iam.StackPolicies} reads them and decides each
 * {@link dev.orderflow.local.iam.AccessRequest} that one emulated resource makes of another.
 *
 * <p>This package depends only on {@code dev.orderflow.local.assembly}; no service package is
 * needed to read or judge a policy.
 */
package dev.orderflow.local.iam;
