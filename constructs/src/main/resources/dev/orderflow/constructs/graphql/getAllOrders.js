// The caller's orders, newest first, a page at a time: a Query on the byCustomer index.
import { util } from '@aws-appsync/utils';

const DEFAULT_LIMIT = 20;
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
  return { items: ctx.result.items, nextToken: ctx.result.nextToken ? ctx.result.nextToken : null };
}
