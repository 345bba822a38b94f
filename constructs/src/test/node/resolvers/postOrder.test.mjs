import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyReturn } from '@aws-appsync/utils';
import * as recordOrder from '../../../main/resources/dev/orderflow/constructs/graphql/recordOrder.js';
import * as sendOrder from '../../../main/resources/dev/orderflow/constructs/graphql/postOrder.js';
import * as forgetUnqueuedOrder from '../../../main/resources/dev/orderflow/constructs/graphql/forgetUnqueuedOrder.js';
import { context, ENV } from './contexts.mjs';

const PIZZA = { name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza' };
const NOW = '2026-11-23T12:00:00.000Z';

/** The row as the table answers recordOrder's UpdateItem. */
function row(id, overrides = {}) {
  return {
    id, customerId: 'anonymous', name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza',
    orderStatus: 'PENDING', createdAt: NOW, ...overrides,
  };
}

function earlyReturnOf(fn) {
  try {
    fn();
  } catch (e) {
    if (e instanceof EarlyReturn) return e.value;
    throw e;
  }
  return assert.fail('expected an early return');
}

function idOf(customerId, input) {
  const request = recordOrder.request(context({ args: { input }, stash: { customerId } }));
  return request.key.id.S;
}

test('writes the order as PENDING first, every attribute only where it is missing', () => {
  const request = recordOrder.request(context({ args: { input: PIZZA }, stash: { customerId: 'anonymous' } }));

  assert.equal(request.operation, 'UpdateItem');
  assert.match(request.key.id.S, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(request.update.expression, 'SET #customerId = if_not_exists(#customerId, :customerId),'
    + ' #name = if_not_exists(#name, :name), #quantity = if_not_exists(#quantity, :quantity),'
    + ' #restaurantId = if_not_exists(#restaurantId, :restaurantId),'
    + ' #orderStatus = if_not_exists(#orderStatus, :orderStatus), #createdAt = if_not_exists(#createdAt, :createdAt)');
  assert.deepEqual(request.update.expressionValues, {
    ':customerId': { S: 'anonymous' }, ':name': { S: 'Pizza' }, ':quantity': { N: '6' },
    ':restaurantId': { S: 'Dominos Pizza' }, ':orderStatus': { S: 'PENDING' }, ':createdAt': { S: NOW },
  });
  assert.deepEqual(request.condition, {
    expression: 'attribute_not_exists(id) OR customerId = :owner',
    expressionValues: { ':owner': { S: 'anonymous' } },
  });
});

test('takes the customer from the caller, never from the input', () => {
  const request = recordOrder.request(context({
    args: { input: { ...PIZZA, customerId: 'someone-else' } }, stash: { customerId: 'pat' },
  }));
  assert.deepEqual(request.update.expressionValues[':customerId'], { S: 'pat' });
});

test('gives every order without a client token a new id', () => {
  assert.equal(new Set([1, 2, 3].map(() => idOf('pat', PIZZA))).size, 3);
});

test('gives the same caller and client token the same id, and others another', () => {
  const token = (clientToken) => ({ ...PIZZA, clientToken });
  assert.equal(idOf('pat', token('checkout-42')), idOf('pat', token('checkout-42')));
  assert.notEqual(idOf('pat', token('checkout-42')), idOf('pat', token('checkout-43')));
  assert.notEqual(idOf('pat', token('checkout-42')), idOf('sam', token('checkout-42')));
  assert.match(idOf('pat', token('checkout-42')), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('answers the order as the table holds it after the write', () => {
  const order = row('o-1');
  assert.deepEqual(recordOrder.response(context({ args: { input: PIZZA }, result: order })), order);
});

test('passes on an error of the write', () => {
  const ctx = context({ args: { input: PIZZA }, error: { type: 'DynamoDB:ConditionalCheckFailedException', message: 'no' } });
  assert.throws(() => recordOrder.response(ctx), { errorType: 'DynamoDB:ConditionalCheckFailedException' });
});

test('then queues only the order id as an SQS SendMessage call', () => {
  const request = sendOrder.request(context({ prevResult: row('o-1') }));

  assert.equal(request.method, 'POST');
  assert.equal(request.resourcePath, '/');
  assert.deepEqual(request.params.headers, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AmazonSQS.SendMessage',
  });
  assert.deepEqual(JSON.parse(request.params.body), { QueueUrl: ENV.ORDERS_QUEUE_URL, MessageBody: '{"id":"o-1"}' });
});

test('does not queue again an order a retried call finds already processing or final', () => {
  for (const orderStatus of ['PROCESSING', 'SUCCESS', 'FAILED']) {
    const order = row('o-1', { orderStatus });
    assert.deepEqual(earlyReturnOf(() => sendOrder.request(context({ prevResult: order }))), order);
  }
});

test('queues again a PENDING order a retried call finds, so that it is not stranded', () => {
  const request = sendOrder.request(context({ prevResult: row('o-1', { createdAt: '2026-11-23T11:00:00.000Z' }) }));
  assert.equal(JSON.parse(request.params.body).MessageBody, '{"id":"o-1"}');
});

test('answers the recorded order as PENDING once it is queued', () => {
  const order = row('o-1');
  const ctx = context({ prevResult: order, result: { statusCode: 200, body: '{"MessageId":"m-1"}' } });
  assert.deepEqual(sendOrder.response(ctx), order);
  assert.equal(ctx.stash.queueError, undefined);
  assert.deepEqual(earlyReturnOf(() => forgetUnqueuedOrder.request(ctx)), order);
});

test('removes the row it wrote and answers an error when SQS refuses the message', () => {
  const ctx = context({ prevResult: row('o-1'), stash: { createdAt: NOW },
    result: { statusCode: 400, body: '{"__type":"com.amazonaws.sqs#InvalidParameterValue"}' } });
  sendOrder.response(ctx);

  assert.deepEqual(forgetUnqueuedOrder.request(ctx), {
    operation: 'DeleteItem',
    key: { id: { S: 'o-1' } },
    condition: {
      expression: 'orderStatus = :pending AND createdAt = :createdAt',
      expressionValues: { ':pending': { S: 'PENDING' }, ':createdAt': { S: NOW } },
    },
  });
  assert.throws(() => forgetUnqueuedOrder.response({ ...ctx, error: undefined }), {
    errorType: 'OrderQueueError', message: 'The order could not be queued: SQS answered 400; nothing was ordered',
  });
});

test('keeps a row an earlier call with the same token wrote, and says to retry with the token', () => {
  const ctx = context({ prevResult: row('o-1', { createdAt: '2026-11-23T11:00:00.000Z' }), stash: { createdAt: NOW },
    error: { message: 'connect timed out', type: 'HttpTimeout' } });
  sendOrder.response(ctx);

  assert.throws(() => forgetUnqueuedOrder.request(ctx), {
    errorType: 'OrderQueueError',
    message: 'Order o-1 is recorded as PENDING but could not be queued (connect timed out):'
      + ' retry with the same clientToken to queue it',
  });
});

test('says the order is PENDING when neither the queue nor the removal worked', () => {
  const ctx = context({ prevResult: row('o-1'), stash: { createdAt: NOW, queueError: 'SQS answered 500' },
    error: { message: 'throttled', type: 'DynamoDB:ThrottlingException' } });
  assert.throws(() => forgetUnqueuedOrder.response(ctx), (e) => e.errorType === 'OrderQueueError'
    && e.message.startsWith('Order o-1 is recorded as PENDING but could not be queued (SQS answered 500), nor removed (throttled)')
    && e.errorInfo.id === 'o-1');
});
