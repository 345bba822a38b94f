// Checks the fields of an order input that are present, and answers one ValidationError naming
// every bad field, its value and what is allowed. Nothing invalid goes further.
import { util } from '@aws-appsync/utils';

const MAX_TEXT_LENGTH = 100;
const MAX_TOKEN_LENGTH = 64;
const TOKEN_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

export function request(ctx) {
  const input = ctx.args.input;
  const maxQuantity = Number(ctx.env.MAX_QUANTITY);
  const violations = [];
  checkText(violations, 'name', input.name);
  checkText(violations, 'restaurantId', input.restaurantId);
  if (input.quantity !== undefined && input.quantity !== null
      && (input.quantity < 1 || input.quantity > maxQuantity)) {
    violations.push({
      field: 'quantity',
      value: input.quantity,
      allowed: `a whole number from 1 to ${maxQuantity}`,
      message: `quantity must be from 1 to ${maxQuantity}, but was ${input.quantity}`,
    });
  }
  if (input.clientToken !== undefined && input.clientToken !== null && !isToken(input.clientToken)) {
    violations.push({
      field: 'clientToken',
      value: input.clientToken,
      allowed: `1 to ${MAX_TOKEN_LENGTH} letters, digits, - or _`,
      message: `clientToken must be 1 to ${MAX_TOKEN_LENGTH} letters, digits, - or _, but was "${input.clientToken}"`,
    });
  }
  if (violations.length > 0) {
    util.error(violations.map((v) => v.message).join('; '), 'ValidationError', null, { violations });
  }
  return { payload: null };
}

export function response(ctx) {
  return ctx.result;
}

function checkText(violations, field, value) {
  if (value === undefined || value === null) {
    return;
  }
  if (value.trim().length === 0 || value.length > MAX_TEXT_LENGTH) {
    violations.push({
      field,
      value,
      allowed: `1 to ${MAX_TEXT_LENGTH} characters, not blank`,
      message: `${field} must be 1 to ${MAX_TEXT_LENGTH} characters and not blank, but had ${value.length}`,
    });
  }
}

function isToken(token) {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return false;
  }
  for (const character of token.split('')) {
    if (TOKEN_CHARACTERS.indexOf(character) < 0) {
      return false;
    }
  }
  return true;
}
