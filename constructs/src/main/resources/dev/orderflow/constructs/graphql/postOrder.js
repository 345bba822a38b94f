// Sends the order to the orders queue (SQS SendMessage, JSON protocol, signed by AppSync) and
// answers it as PENDING. The input was checked by validateOrderInput.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const input = ctx.args.input;
  const customerId = ctx.stash.customerId;
  const order = {
    id: input.clientToken ? tokenOrderId(customerId, input.clientToken) : util.autoId(),
    customerId,
    name: input.name,
    quantity: input.quantity,
    restaurantId: input.restaurantId,
    createdAt: util.time.nowISO8601(),
  };
  ctx.stash.order = order;
  return {
    version: '2018-05-29',
    method: 'POST',
    resourcePath: '/',
    params: {
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.SendMessage',
      },
      body: JSON.stringify({ QueueUrl: ctx.env.ORDERS_QUEUE_URL, MessageBody: JSON.stringify(order) }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  if (ctx.result.statusCode !== 200) {
    util.error(`The order could not be queued: SQS answered ${ctx.result.statusCode}`, 'OrderQueueError');
  }
  const order = ctx.stash.order;
  return {
    id: order.id,
    name: order.name,
    quantity: order.quantity,
    restaurantId: order.restaurantId,
    orderStatus: 'PENDING',
    createdAt: order.createdAt,
  };
}

// The same caller and token always give the same id: 128 bits from four FNV-1a hashes of the
// caller and the token, laid out like a UUID. APPSYNC_JS has no digest function.
function tokenOrderId(customerId, clientToken) {
  const text = `${customerId}\n${clientToken}`;
  const hex = [fnv1a(text, 0x811c9dc5), fnv1a(text, 0x050c5d1f), fnv1a(text, 0x1b873593), fnv1a(text, 0x6b43a9b5)]
    .map((h) => h.toString(16).padStart(8, '0'))
    .join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function fnv1a(text, seed) {
  let hash = seed;
  for (const character of text.split('')) {
    hash = (hash ^ character.charCodeAt(0)) >>> 0;
    // hash * 16777619 (the FNV prime) modulo 2^32, in shifts: 2^24 + 2^8 + 2^7 + 2^4 + 2^1 + 1
    hash = (hash + (hash << 1) + (hash << 4) + (hash << 7) + (hash << 8) + (hash << 24)) >>> 0;
  }
  return hash;
}
