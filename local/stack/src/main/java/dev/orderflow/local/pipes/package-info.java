/**
 * EventBridge Pipes on this machine: a {@link dev.orderflow.local.pipes.LocalPipe} runs one
 * {@code AWS::Pipes::Pipe} of a template, from an SQS queue or a DynamoDB stream, through its
 * filter criteria (on Event Ruler) and input template, to a Step Functions state machine, an SNS
 * topic, an SQS queue or a Lambda function reached through {@link dev.orderflow.local.pipes.PipeTargets}.
 */
package dev.orderflow.local.pipes;
