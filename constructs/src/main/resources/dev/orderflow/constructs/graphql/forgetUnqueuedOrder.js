// Answers the order once it is queued. When it could not be queued, removes the PENDING row this
// call wrote, so that an error means nothing was ordered; a row an earlier call with the same
// clientToken wrote is kept, and the caller retries with that token to queue it.
import { util, runtime } from '@aws-appsync/utils';

export function request(ctx) {
  const order = ctx.prev.result;
  if (!ctx.stash.queueError) {
    runtime.earlyReturn(order);
  }
  if (order.createdAt !== ctx.stash.createdAt) {
    util.error(
      `Order ${order.id} is recorded as PENDING but could not be queued (${ctx.stash.queueError}):`
        + ' retry with the same clientToken to queue it',
      'OrderQueueError', null, { id: order.id, orderStatus: order.orderStatus },
    );
  }
  return {
    operation: 'DeleteItem',
    key: util.dynamodb.toMapValues({ id: order.id }),
    condition: {
      expression: 'orderStatus = :pending AND createdAt = :createdAt',
      expressionValues: util.dynamodb.toMapValues({ ':pending': 'PENDING', ':createdAt': order.createdAt }),
    },
  };
}

export function response(ctx) {
  const order = ctx.prev.result;
  if (ctx.error) {
    util.error(
      `Order ${order.id} is recorded as PENDING but could not be queued (${ctx.stash.queueError}), nor`
        + ` removed (${ctx.error.message}): retry with a clientToken, or see docs/operations.md`,
      'OrderQueueError', null, { id: order.id, orderStatus: order.orderStatus },
    );
  }
  util.error(`The order could not be queued: ${ctx.stash.queueError}; nothing was ordered`, 'OrderQueueError');
  return null;
}
