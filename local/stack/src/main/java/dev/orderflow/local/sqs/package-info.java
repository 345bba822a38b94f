/**
 * The queues of a stack ({@code AWS::SQS::Queue}) on ElasticMQ, embedded, speaking the SQS JSON
 * protocol on a free loopback port, so the AWS SDK's SQS client works against them.
 */
package dev.orderflow.local.sqs;
