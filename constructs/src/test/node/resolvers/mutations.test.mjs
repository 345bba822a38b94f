import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as updateOrder from '../../../main/resources/dev/orderflow/constructs/graphql/updateOrder.js';
import * as deleteOrder from '../../../main/resources/dev/orderflow/constructs/graphql/deleteOrder.js';
import * as explainRefusal from '../../../main/resources/dev/orderflow/constructs/graphql/explainRefusal.js';
import { EarlyReturn } from '@aws-appsync/utils';
import { context } from './contexts.mjs';

const CONDITION_FAILED = { type: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' };

test('updates the given fields of a PENDING order of the caller', () => {
  const request = updateOrder.request(context({
    args: { input: { id: 'o-1', name: 'Calzone', quantity: 2 } }, stash: { customerId: 'pat' },
  }));
  assert.deepEqual(request, {
    operation: 'UpdateItem',
    key: { id: { S: 'o-1' } },
    update: {
      expression: 'SET updatedAt = :updatedAt, #name = :name, quantity = :quantity',
      expressionNames: { '#name': 'name' },
      expressionValues: {
        ':updatedAt': { S: '2026-11-23T12:00:00.000Z' }, ':name': { S: 'Calzone' }, ':quantity': { N: '2' },
      },
    },
    condition: {
      expression: 'customerId = :customerId AND orderStatus = :pending',
      expressionValues: { ':customerId': { S: 'pat' }, ':pending': { S: 'PENDING' } },
    },
  });
});

test('updates the restaurant alone without naming attributes', () => {
  const request = updateOrder.request(context({ args: { input: { id: 'o-1', restaurantId: 'Pizza Hut' } }, stash: { customerId: 'pat' } }));
  assert.equal(request.update.expression, 'SET updatedAt = :updatedAt, restaurantId = :restaurantId');
  assert.equal(request.update.expressionNames, undefined);
});

test('rejects an update that changes nothing', () => {
  assert.throws(() => updateOrder.request(context({ args: { input: { id: 'o-1' } }, stash: { customerId: 'pat' } })), {
    errorType: 'ValidationError', message: 'updateOrder needs at least one of name, quantity or restaurantId',
  });
});

test('leaves a refused update for explainRefusal, which reads the order consistently', () => {
  const ctx = context({ args: { input: { id: 'o-1', quantity: 2 } }, stash: { customerId: 'pat' }, error: CONDITION_FAILED });
  assert.equal(updateOrder.response(ctx), null);

  assert.deepEqual(explainRefusal.request(ctx), {
    operation: 'GetItem', key: { id: { S: 'o-1' } }, consistentRead: true,
  });
});

function refusal(order) {
  const ctx = context({
    args: { input: { id: 'o-1', quantity: 2 } }, stash: { customerId: 'pat', updateRefused: true }, result: order,
  });
  try {
    explainRefusal.response(ctx);
  } catch (e) {
    return e;
  }
  return assert.fail('expected an error');
}

test('refuses an update of an order being paid for with OrderAlreadyProcessing', () => {
  const error = refusal({ id: 'o-1', customerId: 'pat', orderStatus: 'PROCESSING' });
  assert.equal(error.errorType, 'OrderAlreadyProcessing');
  assert.equal(error.message, 'Order o-1 cannot be updated: it is being paid for (PROCESSING); only PENDING orders can be updated');
  assert.deepEqual(error.errorInfo, { id: 'o-1', orderStatus: 'PROCESSING' });
});

test('refuses an update of a final order with OrderFinal', () => {
  for (const orderStatus of ['SUCCESS', 'FAILED']) {
    const error = refusal({ id: 'o-1', customerId: 'pat', orderStatus });
    assert.equal(error.errorType, 'OrderFinal');
    assert.equal(error.message, `Order o-1 cannot be updated: it is final (${orderStatus}); only PENDING orders can be updated`);
  }
});

test('refuses an update of a missing order, or another caller\'s, alike with OrderNotFound', () => {
  for (const order of [null, { id: 'o-1', customerId: 'sam', orderStatus: 'PENDING' }]) {
    const error = refusal(order);
    assert.equal(error.errorType, 'OrderNotFound');
    assert.equal(error.message, 'Order o-1 cannot be updated: you have no order with this id');
  }
});

test('answers an accepted update without reading the order again', () => {
  const order = { id: 'o-1', quantity: 2, orderStatus: 'PENDING' };
  const ctx = context({ args: { input: { id: 'o-1', quantity: 2 } }, stash: { customerId: 'pat' }, prevResult: order });
  assert.throws(() => explainRefusal.request(ctx), (e) => e instanceof EarlyReturn && e.value === order);
});

test('answers the updated order', () => {
  const order = { id: 'o-1', quantity: 2, orderStatus: 'PENDING' };
  assert.deepEqual(updateOrder.response(context({ args: { input: { id: 'o-1', quantity: 2 } }, result: order })), order);
});

test('deletes a finished order of the caller', () => {
  assert.deepEqual(deleteOrder.request(context({ args: { id: 'o-1' }, stash: { customerId: 'pat' } })), {
    operation: 'DeleteItem',
    key: { id: { S: 'o-1' } },
    condition: {
      expression: 'customerId = :customerId AND (orderStatus = :success OR orderStatus = :failed)',
      expressionValues: { ':customerId': { S: 'pat' }, ':success': { S: 'SUCCESS' }, ':failed': { S: 'FAILED' } },
    },
  });
});

test('answers the id of the deleted order', () => {
  assert.equal(deleteOrder.response(context({ args: { id: 'o-1' }, result: { id: 'o-1' } })), 'o-1');
});

test('answers a clear error when the order is still PENDING, missing or not the caller\'s', () => {
  assert.throws(() => deleteOrder.response(context({ args: { id: 'o-1' }, error: CONDITION_FAILED })), {
    errorType: 'OrderNotDeletable',
    message: 'Order o-1 cannot be deleted: only your own orders can be, and only once SUCCESS or FAILED',
  });
});

test('passes on any other DynamoDB error', () => {
  assert.throws(() => deleteOrder.response(context({ args: { id: 'o-1' }, error: { type: 'DynamoDB:ProvisionedThroughputExceededException', message: 'slow down' } })), {
    errorType: 'DynamoDB:ProvisionedThroughputExceededException',
  });
});
