/**
 * The {@code orderflow-local} command line: runs a synthesized stack in the foreground, prints
 * where its GraphQL API and email outbox are, and leaves a discovery file for other tools while it
 * runs. Start it with {@link dev.orderflow.local.cli.LocalCommand}.
 */
package dev.orderflow.local.cli;
