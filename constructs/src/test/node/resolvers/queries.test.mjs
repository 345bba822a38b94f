import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyReturn } from '@aws-appsync/utils';
import * as getAllOrders from '../../../main/resources/dev/orderflow/constructs/graphql/getAllOrders.js';
import * as getSingleOrder from '../../../main/resources/dev/orderflow/constructs/graphql/getSingleOrder.js';
import { context } from './contexts.mjs';

const ORDER = {
  id: 'o-1', customerId: 'pat', name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza',
  orderStatus: 'SUCCESS', paymentId: 'pay_1', createdAt: '2026-11-23T12:00:00.000Z',
};

test("queries the caller's orders on the byCustomer index, newest first, 20 by default", () => {
  const request = getAllOrders.request(context({ args: {}, stash: { customerId: 'pat' } }));
  assert.deepEqual(request, {
    operation: 'Query',
    index: 'byCustomer',
    query: { expression: 'customerId = :customerId', expressionValues: { ':customerId': { S: 'pat' } } },
    scanIndexForward: false,
    limit: 20,
  });
});

test('asks for the next page with the token of the last one', () => {
  const request = getAllOrders.request(context({ args: { limit: 5, nextToken: 'eyJpZCI6Im8tMSJ9' }, stash: { customerId: 'pat' } }));
  assert.equal(request.limit, 5);
  assert.equal(request.nextToken, 'eyJpZCI6Im8tMSJ9');
});

test('rejects a limit outside 1 to 100', () => {
  for (const limit of [0, 101]) {
    assert.throws(() => getAllOrders.request(context({ args: { limit }, stash: { customerId: 'pat' } })), {
      errorType: 'ValidationError', message: `limit must be from 1 to 100, but was ${limit}`,
    });
  }
});

test('answers a page of orders and the token of the next one', () => {
  const ctx = context({ result: { items: [ORDER], nextToken: 'next', scannedCount: 1 } });
  assert.deepEqual(getAllOrders.response(ctx), { items: [ORDER], nextToken: 'next' });
});

test('answers the last page with a null token', () => {
  assert.deepEqual(getAllOrders.response(context({ result: { items: [] } })), { items: [], nextToken: null });
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
