/**
 * One loopback HTTP endpoint where the AWS SDKs and CLI reach the local services with their own
 * wire protocols (JSON with {@code X-Amz-Target}, SNS's query protocol), every call made through the
 * call gateway as the local user. Not a service: it knows only the gateway.
 */
package dev.orderflow.local.awsapi;
