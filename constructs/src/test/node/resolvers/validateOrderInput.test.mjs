import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as validate from '../../../main/resources/dev/orderflow/constructs/graphql/validateOrderInput.js';
import { context } from './contexts.mjs';

const PIZZA = { name: 'Pizza', quantity: 6, restaurantId: 'Dominos Pizza' };

function errorOf(input) {
  try {
    validate.request(context({ args: { input } }));
  } catch (e) {
    return e;
  }
  return null;
}

test("accepts the reference tutorial's order", () => {
  assert.equal(errorOf(PIZZA), null);
  assert.equal(errorOf({ ...PIZZA, clientToken: 'checkout-42_a' }), null);
});

test('accepts an update that sets only some fields', () => {
  assert.equal(errorOf({ id: 'o-1', quantity: 2 }), null);
});

test('rejects a quantity above the maximum, naming the field, value and range', () => {
  const error = errorOf({ ...PIZZA, quantity: 101 });
  assert.equal(error.errorType, 'ValidationError');
  assert.equal(error.message, 'quantity must be from 1 to 100, but was 101');
  assert.deepEqual(error.errorInfo.violations, [
    { field: 'quantity', value: 101, allowed: 'a whole number from 1 to 100', message: 'quantity must be from 1 to 100, but was 101' },
  ]);
});

test('rejects a quantity of zero', () => {
  assert.equal(errorOf({ ...PIZZA, quantity: 0 }).message, 'quantity must be from 1 to 100, but was 0');
});

test('rejects a blank name and a restaurant id over 100 characters, both in one error', () => {
  const error = errorOf({ ...PIZZA, name: '   ', restaurantId: 'r'.repeat(101) });
  assert.equal(error.message,
    'name must be 1 to 100 characters and not blank, but had 3; restaurantId must be 1 to 100 characters and not blank, but had 101');
  assert.deepEqual(error.errorInfo.violations.map((v) => v.field), ['name', 'restaurantId']);
});

test('rejects a client token with characters outside letters, digits, - and _', () => {
  assert.equal(errorOf({ ...PIZZA, clientToken: 'two words' }).message,
    'clientToken must be 1 to 64 letters, digits, - or _, but was "two words"');
  assert.equal(errorOf({ ...PIZZA, clientToken: 'x'.repeat(65) }).errorInfo.violations[0].field, 'clientToken');
});

test('sends nothing to its data source', () => {
  assert.deepEqual(validate.request(context({ args: { input: PIZZA } })), { payload: null });
});
