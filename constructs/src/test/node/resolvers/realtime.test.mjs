import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as publishOrderUpdate from '../../../main/resources/dev/orderflow/constructs/graphql/publishOrderUpdate.js';
import * as onOrderUpdated from '../../../main/resources/dev/orderflow/constructs/graphql/onOrderUpdated.js';
import * as caller from '../../../main/resources/dev/orderflow/constructs/graphql/caller.js';
import { evaluation } from '@aws-appsync/utils';
import { context, IDENTITIES } from './contexts.mjs';

const EVENT_DETAIL = {
  id: 'o-1', customerId: 'pat', name: 'Margherita', quantity: '3', restaurantId: 'Luigi',
  orderStatus: 'SUCCESS', previousStatus: 'PROCESSING', failureReason: '', paymentId: 'pay-o-1',
  createdAt: '2026-11-23T12:00:00.000Z', updatedAt: '2026-11-23T12:00:02.000Z',
};

function subscribe(identity, args = {}) {
  evaluation.reset();
  const stash = {};
  const ctx = context({ args, identity, stash });
  caller.request(ctx);
  assert.deepEqual(onOrderUpdated.request(ctx), { payload: null });
  assert.equal(onOrderUpdated.response(ctx), null);
  const calls = evaluation.extensionCalls.filter((call) => call.name === 'setSubscriptionFilter');
  assert.equal(calls.length, 1);
  return calls[0].args[0];
}

test('publishes the order of the event with its number and empty values made GraphQL values', () => {
  const ctx = context({ args: { input: EVENT_DETAIL }, identity: IDENTITIES.iam });
  const request = publishOrderUpdate.request(ctx);
  assert.deepEqual(request, {
    payload: {
      id: 'o-1', customerId: 'pat', name: 'Margherita', quantity: 3, restaurantId: 'Luigi', orderStatus: 'SUCCESS',
      failureReason: null, paymentId: 'pay-o-1', paidQuantity: 3,
      createdAt: '2026-11-23T12:00:00.000Z', updatedAt: '2026-11-23T12:00:02.000Z',
    },
  });
  assert.deepEqual(publishOrderUpdate.response({ ...ctx, result: request.payload }), request.payload);
});

test('publishes a new order with no paid quantity and no update time', () => {
  const input = { ...EVENT_DETAIL, orderStatus: 'PENDING', previousStatus: '', paymentId: '', updatedAt: '' };
  const { payload } = publishOrderUpdate.request(context({ args: { input }, identity: IDENTITIES.iam }));
  assert.equal(payload.orderStatus, 'PENDING');
  assert.equal(payload.paidQuantity, null);
  assert.equal(payload.paymentId, null);
  assert.equal(payload.updatedAt, null);
});

test('a Cognito subscriber receives only orders it owns', () => {
  assert.deepEqual(subscribe(IDENTITIES.cognito), {
    filterGroup: [{ filters: [{ fieldName: 'customerId', operator: 'eq', value: IDENTITIES.cognito.sub }] }],
  });
});

test('an IAM subscriber is filtered on its ARN and an API key subscriber on anonymous, as the queries are', () => {
  assert.equal(subscribe(IDENTITIES.iam).filterGroup[0].filters[0].value, IDENTITIES.iam.userArn);
  assert.equal(subscribe(IDENTITIES.apiKey).filterGroup[0].filters[0].value, 'anonymous');
});

test('an id narrows the subscription to that order of the caller, never to another owner', () => {
  const filters = subscribe(IDENTITIES.cognito, { id: 'o-7' }).filterGroup[0].filters;
  assert.deepEqual(filters, [
    { fieldName: 'customerId', operator: 'eq', value: IDENTITIES.cognito.sub },
    { fieldName: 'id', operator: 'eq', value: 'o-7' },
  ]);
});
