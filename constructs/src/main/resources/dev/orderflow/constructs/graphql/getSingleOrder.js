// One order of the caller. Another caller's order answers null, as a missing one does.
import { util, runtime } from '@aws-appsync/utils';

export function request(ctx) {
  if (!ctx.args.id) {
    // No order has an empty id, and DynamoDB refuses an empty key: null, as for any missing order.
    runtime.earlyReturn(null);
  }
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.id }),
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const order = ctx.result;
  if (!order || order.customerId !== ctx.stash.customerId) {
    return null;
  }
  return order;
}
