/** Not API: glue between the local GraphQL endpoint and Jetty. */
package dev.orderflow.local.appsync.internal;
