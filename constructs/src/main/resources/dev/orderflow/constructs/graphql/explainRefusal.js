// After updateOrder: when the update was refused, reads the order (consistently) to answer why,
// with an errorType a client can act on. Another caller's order is answered as a missing one.
import { util, runtime } from '@aws-appsync/utils';

export function request(ctx) {
  if (!ctx.stash.updateRefused) {
    runtime.earlyReturn(ctx.prev.result);
  }
  return {
    operation: 'GetItem',
    key: util.dynamodb.toMapValues({ id: ctx.args.input.id }),
    consistentRead: true,
  };
}

export function response(ctx) {
  const id = ctx.args.input.id;
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  const order = ctx.result;
  if (!order || order.customerId !== ctx.stash.customerId) {
    util.error(`Order ${id} cannot be updated: you have no order with this id`, 'OrderNotFound', null, { id });
  }
  const status = order.orderStatus;
  if (status === 'PROCESSING') {
    util.error(
      `Order ${id} cannot be updated: it is being paid for (PROCESSING); only PENDING orders can be updated`,
      'OrderAlreadyProcessing', null, { id, orderStatus: status },
    );
  }
  if (status === 'SUCCESS' || status === 'FAILED') {
    util.error(
      `Order ${id} cannot be updated: it is final (${status}); only PENDING orders can be updated`,
      'OrderFinal', null, { id, orderStatus: status },
    );
  }
  util.error(`Order ${id} cannot be updated while ${status}; only PENDING orders can be updated`,
    'OrderNotUpdatable', null, { id, orderStatus: status });
  return null;
}
