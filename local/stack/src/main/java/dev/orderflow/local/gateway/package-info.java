/**
 * The call gateway: the one path by which an emulated resource calls another (a pipe starting a
 * state machine, a task writing a table, a data source sending to a queue, a rule's target, a
 * topic's delivery). It knows who calls (the caller's role, or a service principal), the action
 * ({@code dynamodb:UpdateItem}) and the resources, so it is where IAM is enforced and where calls
 * are observed.
 *
 * <p>Every call is in the shape of the AWS API it imitates: the operation's name and its JSON
 * request and answer. This package knows no service: each service hands the gateway an
 * {@link dev.orderflow.local.gateway.AwsService}.
 */
package dev.orderflow.local.gateway;
