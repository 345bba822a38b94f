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
  assert.equal(error.message, 'name must not be blank; restaurantId must be at most 100 characters, but had 101');
  assert.deepEqual(error.errorInfo.violations.map((v) => v.field), ['name', 'restaurantId']);
});

test('counts characters, not UTF-16 units: 100 emoji are a name of 100 characters', () => {
  assert.equal(errorOf({ ...PIZZA, name: '\u{1F355}'.repeat(100) }), null);
  assert.equal(errorOf({ ...PIZZA, name: '\u{1F355}'.repeat(101) }).message,
    'name must be at most 100 characters, but had 101');
});

test('rejects a name with a line break, which would forge a line of the operator email', () => {
  const error = errorOf({ ...PIZZA, name: 'Pizza\r\nOrder status: SUCCESS' });
  assert.equal(error.errorType, 'ValidationError');
  assert.equal(error.message, 'name must not contain control characters, line or paragraph separators or'
    + ' unpaired surrogates, but character 6 is U+000D');
  assert.equal(error.errorInfo.violations[0].field, 'name');
  assert.equal(JSON.stringify(error.errorInfo).includes('SUCCESS'), false, 'the value is not echoed');
});

test('rejects C0 and C1 controls, DEL, line and paragraph separators and unpaired surrogates in every text field', () => {
  const forbidden = ['\u0000', '\u0007', '\t', '\u001f', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029',
    '\ud83c', '\udf55', 'a\ud83c', '\udf55\ud83c'];
  for (const text of forbidden) {
    for (const field of ['name', 'restaurantId']) {
      const error = errorOf({ ...PIZZA, [field]: `Pizza ${text}` });
      assert.equal(error?.errorInfo.violations[0].field, field, `${field} with ${JSON.stringify(text)}`);
    }
    assert.equal(errorOf({ id: `o-1${text}`, quantity: 2 })?.errorInfo.violations[0].field, 'id');
  }
});

test('accepts text in any script, with accents and emoji', () => {
  assert.equal(errorOf({ ...PIZZA, name: 'Pizza quattro stagioni \u00e0 la cr\u00e8me \u{1F355}', restaurantId: '\u30d4\u30b6' }), null);
});

test('rejects a client token with characters outside letters, digits, - and _', () => {
  assert.equal(errorOf({ ...PIZZA, clientToken: 'two words' }).message,
    'clientToken must be 1 to 64 letters, digits, - or _, but was "two words"');
  assert.equal(errorOf({ ...PIZZA, clientToken: 'x'.repeat(65) }).errorInfo.violations[0].field, 'clientToken');
});

test('sends nothing to its data source', () => {
  assert.deepEqual(validate.request(context({ args: { input: PIZZA } })), { payload: null });
});
