// Writes the order as PENDING before it is queued, so that its owner reads it at once. The id is
// new, or derived from the caller and clientToken, so a retried call writes nothing new: every
// attribute is set only if it is missing, and the order is answered as it stands. The input was
// checked by validateOrderInput.
import { util } from '@aws-appsync/utils';

export function request(ctx) {
  const input = ctx.args.input;
  const customerId = ctx.stash.customerId;
  const id = input.clientToken ? tokenOrderId(customerId, input.clientToken) : util.autoId();
  // Tells a row written by this call from one an earlier call with the same token wrote.
  ctx.stash.createdAt = util.time.nowISO8601();
  const fields = {
    customerId, name: input.name, quantity: input.quantity, restaurantId: input.restaurantId,
    orderStatus: 'PENDING', createdAt: ctx.stash.createdAt,
  };
  const assignments = Object.keys(fields).map((field) => `#${field} = if_not_exists(#${field}, :${field})`);
  const names = {};
  const values = {};
  for (const field of Object.keys(fields)) {
    names[`#${field}`] = field;
    values[`:${field}`] = fields[field];
  }
  return {
    operation: 'UpdateItem',
    key: util.dynamodb.toMapValues({ id }),
    update: {
      expression: `SET ${assignments.join(', ')}`,
      expressionNames: names,
      expressionValues: util.dynamodb.toMapValues(values),
    },
    condition: {
      expression: 'attribute_not_exists(id) OR customerId = :owner',
      expressionValues: util.dynamodb.toMapValues({ ':owner': customerId }),
    },
  };
}

export function response(ctx) {
  if (ctx.error) {
    util.error(ctx.error.message, ctx.error.type);
  }
  return ctx.result;
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
