import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as postOrder from '../../../main/resources/dev/orderflow/constructs/graphql/postOrder.js';
import { context, ENV } from './contexts.mjs';

const PIZZA = { name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza' };

test('sends the order to the queue as an SQS SendMessage call', () => {
  const ctx = context({ args: { input: PIZZA }, stash: { customerId: 'anonymous' } });

  const request = postOrder.request(ctx);

  assert.equal(request.method, 'POST');
  assert.equal(request.resourcePath, '/');
  assert.deepEqual(request.params.headers, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AmazonSQS.SendMessage',
  });
  const body = JSON.parse(request.params.body);
  assert.equal(body.QueueUrl, ENV.ORDERS_QUEUE_URL);
  const message = JSON.parse(body.MessageBody);
  assert.match(message.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.deepEqual({ ...message, id: 'ID' }, {
    id: 'ID', customerId: 'anonymous', name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza',
    createdAt: '2026-11-23T12:00:00.000Z',
  });
});

test('takes the customer from the caller, never from the input', () => {
  const ctx = context({ args: { input: { ...PIZZA, customerId: 'someone-else' } }, stash: { customerId: 'pat' } });
  const message = JSON.parse(JSON.parse(postOrder.request(ctx).params.body).MessageBody);
  assert.equal(message.customerId, 'pat');
});

test('gives every order without a client token a new id', () => {
  const ids = new Set([1, 2, 3].map(() => {
    const ctx = context({ args: { input: PIZZA }, stash: { customerId: 'pat' } });
    return JSON.parse(JSON.parse(postOrder.request(ctx).params.body).MessageBody).id;
  }));
  assert.equal(ids.size, 3);
});

test('gives the same caller and client token the same id, and others another', () => {
  const idFor = (customerId, clientToken) => {
    const ctx = context({ args: { input: { ...PIZZA, clientToken } }, stash: { customerId } });
    return JSON.parse(JSON.parse(postOrder.request(ctx).params.body).MessageBody).id;
  };
  assert.equal(idFor('pat', 'checkout-42'), idFor('pat', 'checkout-42'));
  assert.notEqual(idFor('pat', 'checkout-42'), idFor('pat', 'checkout-43'));
  assert.notEqual(idFor('pat', 'checkout-42'), idFor('sam', 'checkout-42'));
  assert.match(idFor('pat', 'checkout-42'), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('answers the queued order as PENDING', () => {
  const ctx = context({ args: { input: PIZZA }, stash: { customerId: 'anonymous' } });
  postOrder.request(ctx);
  ctx.result = { statusCode: 200, body: '{"MessageId":"m-1"}' };

  assert.deepEqual(postOrder.response(ctx), {
    id: ctx.stash.order.id, name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza',
    orderStatus: 'PENDING', createdAt: '2026-11-23T12:00:00.000Z',
  });
});

test('answers an error when SQS refuses the message', () => {
  const ctx = context({ args: { input: PIZZA }, stash: { customerId: 'anonymous' } });
  postOrder.request(ctx);
  ctx.result = { statusCode: 400, body: '{"__type":"com.amazonaws.sqs#InvalidParameterValue"}' };

  assert.throws(() => postOrder.response(ctx), {
    errorType: 'OrderQueueError', message: 'The order could not be queued: SQS answered 400',
  });
});

test('passes on an error of the HTTP call', () => {
  const ctx = context({ args: { input: PIZZA }, stash: { customerId: 'anonymous' } });
  postOrder.request(ctx);
  ctx.error = { message: 'connect timed out', type: 'HttpTimeout' };
  assert.throws(() => postOrder.response(ctx), { errorType: 'HttpTimeout', message: 'connect timed out' });
});
