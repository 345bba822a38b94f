/**
 * The Node.js child processes that the local engines written in JavaScript run in (the APPSYNC_JS
 * resolver runner, the Step Functions runner): the version check, and one supervised process with
 * line-oriented JSON over its standard input and output, restarted when it dies and stopped last.
 * Shared infrastructure: any service package may use it; it knows no service.
 */
package dev.orderflow.local.node;
