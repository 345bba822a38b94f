// getAllOrders, second step: the orders of the page's ids (listOrderKeys), read from the table in
// one BatchGetItem and answered in the index's order, newest first, with the index's nextToken.
// An id whose order was deleted since the index was read has no row: it is left out.
import { util, runtime } from '@aws-appsync/utils';

export function request(ctx) {
  const page = ctx.prev.result;
  if (page.ids.length === 0) {
    // DynamoDB refuses a BatchGetItem without keys.
    runtime.earlyReturn({ items: [], nextToken: page.nextToken });
  }
  const tables = {};
  tables[ctx.env.ORDERS_TABLE] = {
    keys: page.ids.map((id) => util.dynamodb.toMapValues({ id })),
    // The index lists only orders that were written: a strongly consistent read finds each one
    // that has not been deleted since, with its current status.
    consistentRead: true,
  };
  return { operation: 'BatchGetItem', tables };
}

export function response(ctx) {
  const page = ctx.prev.result;
  const table = ctx.env.ORDERS_TABLE;
  const unprocessed = ctx.result && ctx.result.unprocessedKeys ? ctx.result.unprocessedKeys[table] : null;
  if (unprocessed && unprocessed.length > 0) {
    // DynamoDB read part of the batch (throttled): a page with holes would skip orders for good,
    // since nextToken moves on. The whole request can be repeated as it was.
    util.error(`${unprocessed.length} of the page's ${page.ids.length} orders could not be read now`
      + ' (DynamoDB left them unprocessed): retry the same request', 'OrdersThrottled', null,
      { unread: unprocessed.length, retryable: true });
  }
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  // The index was queried for the caller's customerId, which an order never changes; the check
  // keeps a listing to the caller's own orders whatever happened in between.
  const items = ctx.result.data[table].filter((order) => order && order.customerId === ctx.stash.customerId);
  return { items, nextToken: page.nextToken };
}
