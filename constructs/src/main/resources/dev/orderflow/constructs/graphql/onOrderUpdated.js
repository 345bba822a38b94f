// onOrderUpdated, on a NONE data source, after the caller step: the subscriber receives only its
// own orders. The filter is set on the server from the caller's identity, so no argument a client
// chooses can widen it; an id narrows it to one order.
import { util, extensions } from '@aws-appsync/utils';

export function request(ctx) {
  return { payload: null };
}

export function response(ctx) {
  const filter = { customerId: { eq: ctx.stash.customerId } };
  if (ctx.args.id) {
    filter.id = { eq: ctx.args.id };
  }
  extensions.setSubscriptionFilter(util.transform.toSubscriptionFilter(filter));
  return null;
}
