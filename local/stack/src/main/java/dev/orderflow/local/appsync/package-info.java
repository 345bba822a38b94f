/**
 * A local AppSync-compatible GraphQL endpoint for the {@code AWS::AppSync::*} resources of a
 * synthesized stack: the schema executed with graphql-java, APPSYNC_JS resolvers and functions run
 * in Node.js, data sources on the local engines, AppSync's HTTP conventions, authorization modes,
 * CORS and a GraphiQL page. Start one with {@link dev.orderflow.local.appsync.AppSyncEndpoint}.
 */
package dev.orderflow.local.appsync;
