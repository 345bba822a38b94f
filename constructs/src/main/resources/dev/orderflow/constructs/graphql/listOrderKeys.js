// getAllOrders, first step: a page of the caller's order ids, newest first, from the byCustomer
// index. The index projects keys only, so readOrders then reads the orders from the table.
import { util } from '@aws-appsync/utils';

const DEFAULT_LIMIT = 20;
// A page's ids are read in one BatchGetItem, which takes at most 100 keys.
const MAX_LIMIT = 100;

export function request(ctx) {
  const limit = ctx.args.limit === undefined || ctx.args.limit === null ? DEFAULT_LIMIT : ctx.args.limit;
  if (limit < 1 || limit > MAX_LIMIT) {
    util.error(`limit must be from 1 to ${MAX_LIMIT}, but was ${limit}`, 'ValidationError', null, {
      violations: [{ field: 'limit', value: limit, allowed: `1 to ${MAX_LIMIT}` }],
    });
  }
  const query = {
    operation: 'Query',
    index: ctx.env.BY_CUSTOMER_INDEX,
    query: {
      expression: 'customerId = :customerId',
      expressionValues: util.dynamodb.toMapValues({ ':customerId': ctx.stash.customerId }),
    },
    scanIndexForward: false,
    limit,
  };
  if (ctx.args.nextToken) {
    query.nextToken = ctx.args.nextToken;
  }
  return query;
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return {
    ids: ctx.result.items.map((item) => item.id),
    nextToken: ctx.result.nextToken ? ctx.result.nextToken : null,
  };
}
