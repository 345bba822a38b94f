// Checks the fields of an order input that are present, and answers one ValidationError naming
// every bad field and what is allowed. Nothing invalid goes further: no text field of an order holds
// a control character, a line break of any kind or an unpaired surrogate, so none can forge a line
// of a message or a log, and a length counts characters, not UTF-16 units.
import { util } from '@aws-appsync/utils';

const MAX_TEXT_LENGTH = 100;
const MAX_TOKEN_LENGTH = 64;
const NOT_BLANK = 'at least one character that is not a space';
const ALLOWED_CHARACTERS = 'text without control characters (U+0000 to U+001F, U+007F to U+009F),'
  + ' line or paragraph separators (U+2028, U+2029) or unpaired surrogates';
const TOKEN_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';

export function request(ctx) {
  const input = ctx.args.input;
  const maxQuantity = Number(ctx.env.MAX_QUANTITY);
  const violations = [];
  checkText(violations, 'name', input.name);
  checkText(violations, 'restaurantId', input.restaurantId);
  checkText(violations, 'id', input.id);
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
  // The value is not echoed: it may hold what a log or an email must not show.
  if (value.trim().length === 0) {
    violations.push({ field, allowed: NOT_BLANK, message: `${field} must not be blank` });
    return;
  }
  const scan = scanText(value);
  if (scan.forbidden !== null) {
    violations.push({
      field,
      allowed: ALLOWED_CHARACTERS,
      message: `${field} must not contain control characters, line or paragraph separators or unpaired`
        + ` surrogates, but character ${scan.forbiddenAt} is ${scan.forbidden}`,
    });
    return;
  }
  if (scan.characters > MAX_TEXT_LENGTH) {
    violations.push({
      field,
      allowed: `1 to ${MAX_TEXT_LENGTH} characters`,
      message: `${field} must be at most ${MAX_TEXT_LENGTH} characters, but had ${scan.characters}`,
    });
  }
}

// Counts the characters (code points, a surrogate pair being one) of a string and finds the first
// that is not allowed: C0 and C1 controls, DEL, U+2028, U+2029, or half of a surrogate pair.
function scanText(value) {
  const scan = { characters: 0, forbidden: null, forbiddenAt: 0 };
  let pendingHigh = -1;
  for (const unit of value.split('').map((c) => c.charCodeAt(0))) {
    if (pendingHigh >= 0 && unit >= 0xdc00 && unit <= 0xdfff) {
      // The second half of a pair: the character was counted with its first half.
      pendingHigh = -1;
    } else {
      if (pendingHigh >= 0) {
        mark(scan, pendingHigh, scan.characters);
        pendingHigh = -1;
      }
      scan.characters += 1;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        pendingHigh = unit;
      } else if (isForbidden(unit)) {
        mark(scan, unit, scan.characters);
      }
    }
  }
  if (pendingHigh >= 0) {
    mark(scan, pendingHigh, scan.characters);
  }
  return scan;
}

function mark(scan, unit, position) {
  if (scan.forbidden === null) {
    scan.forbidden = codePointName(unit);
    scan.forbiddenAt = position;
  }
}

function isForbidden(unit) {
  return unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f) || unit === 0x2028 || unit === 0x2029
    || (unit >= 0xd800 && unit <= 0xdfff);
}

function codePointName(unit) {
  return `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
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
