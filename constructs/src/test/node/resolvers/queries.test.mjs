import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyReturn } from '@aws-appsync/utils';
import * as listOrderKeys from '../../../main/resources/dev/orderflow/constructs/graphql/listOrderKeys.js';
import * as readOrders from '../../../main/resources/dev/orderflow/constructs/graphql/readOrders.js';
import * as getSingleOrder from '../../../main/resources/dev/orderflow/constructs/graphql/getSingleOrder.js';
import { context } from './contexts.mjs';

const ORDER = {
  id: 'o-1', customerId: 'pat', name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza',
  orderStatus: 'SUCCESS', paymentId: 'pay_1', createdAt: '2026-11-23T12:00:00.000Z',
};

test("queries the caller's order ids on the byCustomer index, newest first, 20 by default", () => {
  const request = listOrderKeys.request(context({ args: {}, stash: { customerId: 'pat' } }));
  assert.deepEqual(request, {
    operation: 'Query',
    index: 'byCustomer',
    query: { expression: 'customerId = :customerId', expressionValues: { ':customerId': { S: 'pat' } } },
    scanIndexForward: false,
    limit: 20,
  });
});

test('asks for the next page with the token of the last one', () => {
  const request = listOrderKeys.request(context({ args: { limit: 5, nextToken: 'eyJpZCI6Im8tMSJ9' }, stash: { customerId: 'pat' } }));
  assert.equal(request.limit, 5);
  assert.equal(request.nextToken, 'eyJpZCI6Im8tMSJ9');
});

test('rejects a limit outside 1 to 100, the most keys one BatchGetItem reads', () => {
  for (const limit of [0, 101]) {
    assert.throws(() => listOrderKeys.request(context({ args: { limit }, stash: { customerId: 'pat' } })), {
      errorType: 'ValidationError', message: `limit must be from 1 to 100, but was ${limit}`,
    });
  }
  assert.equal(listOrderKeys.request(context({ args: { limit: 100 }, stash: { customerId: 'pat' } })).limit, 100);
});

test("passes on the index's ids, in its order, and the token of the next page", () => {
  const keys = [{ id: 'o-2', customerId: 'pat', createdAt: '2026-11-23T12:01:00.000Z' },
    { id: 'o-1', customerId: 'pat', createdAt: '2026-11-23T12:00:00.000Z' }];
  const ctx = context({ result: { items: keys, nextToken: 'next', scannedCount: 2 } });
  assert.deepEqual(listOrderKeys.response(ctx), { ids: ['o-2', 'o-1'], nextToken: 'next' });
});

test('passes on the last page with a null token', () => {
  assert.deepEqual(listOrderKeys.response(context({ result: { items: [] } })), { ids: [], nextToken: null });
});

test("answers the index query's error", () => {
  assert.throws(() => listOrderKeys.response(context({ error: { message: 'slow down', type: 'DynamoDB:ProvisionedThroughputExceededException' } })), {
    errorType: 'DynamoDB:ProvisionedThroughputExceededException', message: 'slow down',
  });
});

test("reads the page's orders from the table in one strongly consistent BatchGetItem", () => {
  const request = readOrders.request(context({ prevResult: { ids: ['o-2', 'o-1'], nextToken: 'next' } }));
  assert.deepEqual(request, {
    operation: 'BatchGetItem',
    tables: { 'orders-table': { keys: [{ id: { S: 'o-2' } }, { id: { S: 'o-1' } }], consistentRead: true } },
  });
});

test('answers an empty page without asking the table, which refuses a batch of no keys', () => {
  let early;
  try {
    readOrders.request(context({ prevResult: { ids: [], nextToken: null } }));
  } catch (e) {
    if (!(e instanceof EarlyReturn)) throw e;
    early = e;
  }
  assert.ok(early, 'expected an early return');
  assert.deepEqual(early.value, { items: [], nextToken: null });
});

test("answers the orders in the index's order with the index's token", () => {
  const newer = { ...ORDER, id: 'o-2', orderStatus: 'PENDING', createdAt: '2026-11-23T12:01:00.000Z' };
  const ctx = context({ stash: { customerId: 'pat' }, prevResult: { ids: ['o-2', 'o-1'], nextToken: 'next' },
    result: { data: { 'orders-table': [newer, ORDER] }, unprocessedKeys: { 'orders-table': [] } } });
  assert.deepEqual(readOrders.response(ctx), { items: [newer, ORDER], nextToken: 'next' });
});

test('leaves out an order deleted since the index was read', () => {
  const ctx = context({ stash: { customerId: 'pat' }, prevResult: { ids: ['o-2', 'o-1'], nextToken: null },
    result: { data: { 'orders-table': [null, ORDER] }, unprocessedKeys: { 'orders-table': [] } } });
  assert.deepEqual(readOrders.response(ctx), { items: [ORDER], nextToken: null });
});

test("never answers another caller's order", () => {
  const ctx = context({ stash: { customerId: 'sam' }, prevResult: { ids: ['o-1'], nextToken: null },
    result: { data: { 'orders-table': [ORDER] }, unprocessedKeys: { 'orders-table': [] } } });
  assert.deepEqual(readOrders.response(ctx), { items: [], nextToken: null });
});

test('answers a retryable error, not a page with holes, when DynamoDB left keys unread', () => {
  const ctx = context({ stash: { customerId: 'pat' }, prevResult: { ids: ['o-2', 'o-1'], nextToken: 'next' },
    result: { data: { 'orders-table': [null, ORDER] }, unprocessedKeys: { 'orders-table': [{ id: 'o-2' }] } },
    error: { message: 'You exceeded your maximum allowed provisioned throughput', type: 'DynamoDB:ProvisionedThroughputExceededException' } });
  assert.throws(() => readOrders.response(ctx), {
    errorType: 'OrdersThrottled',
    message: "1 of the page's 2 orders could not be read now (DynamoDB left them unprocessed): retry the same request",
    errorInfo: { unread: 1, retryable: true },
  });
});

test("answers the table read's error", () => {
  const ctx = context({ stash: { customerId: 'pat' }, prevResult: { ids: ['o-1'], nextToken: null },
    result: null, error: { message: 'denied', type: 'DynamoDB:AccessDeniedException' } });
  assert.throws(() => readOrders.response(ctx), { errorType: 'DynamoDB:AccessDeniedException', message: 'denied' });
});

test('gets one order by id', () => {
  assert.deepEqual(getSingleOrder.request(context({ args: { id: 'o-1' } })), {
    operation: 'GetItem', key: { id: { S: 'o-1' } },
  });
});

test('answers null for an empty id without asking the table', () => {
  let early;
  try {
    getSingleOrder.request(context({ args: { id: '' }, stash: { customerId: 'pat' } }));
  } catch (e) {
    if (!(e instanceof EarlyReturn)) throw e;
    early = e;
  }
  assert.ok(early, 'expected an early return');
  assert.equal(early.value, null);
});

test("answers the caller's own order", () => {
  assert.deepEqual(getSingleOrder.response(context({ args: { id: 'o-1' }, stash: { customerId: 'pat' }, result: ORDER })), ORDER);
});

test("answers null for another caller's order, as for a missing one", () => {
  assert.equal(getSingleOrder.response(context({ args: { id: 'o-1' }, stash: { customerId: 'sam' }, result: ORDER })), null);
  assert.equal(getSingleOrder.response(context({ args: { id: 'o-2' }, stash: { customerId: 'pat' }, result: null })), null);
});
