/**
 * The local console: an order's journey through the stack on one page (its request, message,
 * batch, workflow graph, table writes and email), and views of the tables, queues, workflows and
 * outbox. The data is gathered here, in Java, through the call gateway and the records that the
 * local system keeps, and served as JSON under {@code /_orderflow/api/}; the page that the build
 * bundles only draws it. Not a service: it reads the others through the gateway.
 */
package dev.orderflow.local.console;
