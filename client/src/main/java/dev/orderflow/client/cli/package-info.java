/**
 * The {@code orderflow} command line: orders, watch and load generation against an order API.
 * {@link dev.orderflow.client.cli.OrderflowCommand#main(String[])} is its entry point.
 */
package dev.orderflow.client.cli;
