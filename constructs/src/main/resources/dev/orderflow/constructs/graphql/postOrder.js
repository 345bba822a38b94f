// Queues the order that recordOrder wrote: SQS SendMessage (JSON protocol, signed by AppSync) of
// {"id": ...}. The workflow reads the order's values from the table, never from the message. An
// order that is no longer PENDING (a retried call) is not queued again. A failure to queue is left
// in the stash for forgetUnqueuedOrder, which answers it.
import { runtime } from '@aws-appsync/utils';

export function request(ctx) {
  const order = ctx.prev.result;
  if (order.orderStatus !== 'PENDING') {
    runtime.earlyReturn(order);
  }
  return {
    version: '2018-05-29',
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
      },
      body: JSON.stringify({ QueueUrl: ctx.env.ORDERS_QUEUE_URL, MessageBody: JSON.stringify({ id: order.id }) }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    ctx.stash.queueError = ctx.error.message;
  } else if (ctx.result.statusCode !== 200) {
    ctx.stash.queueError = `SQS answered ${ctx.result.statusCode}`;
  }
  return ctx.prev.result;
}
