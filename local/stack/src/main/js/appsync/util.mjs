// The APPSYNC_JS runtime's `util`, `runtime` and `extensions`, as the AppSync documentation describes
// them. One implementation serves the local endpoint (bundled into its Node.js runner) and the
// resolver tests of orderflow-constructs (imported in place of '@aws-appsync/utils', which ships
// types only: AppSync provides the implementation at run time).
import { randomBytes, randomUUID } from 'node:crypto';

/** What util.error and util.unauthorized throw: AppSync ends the handler and answers a GraphQL error. */
export class AppSyncError extends Error {
  constructor(message, errorType, data, errorInfo) {
    super(message);
    this.errorType = errorType;
    this.data = data;
    this.errorInfo = errorInfo;
  }
}

/** What runtime.earlyReturn throws: the handler ends with this value as its result. */
export class EarlyReturn extends Error {
  constructor(value, skipTo) {
    super('runtime.earlyReturn');
    this.value = value;
    this.skipTo = skipTo;
  }
}

/** The clock that util.time reads; a test may replace `now`. */
export const clock = { now: () => new Date() };

/**
 * What one evaluation of a handler records beside its result: errors appended with
 * util.appendError, calls of `extensions`, lines written with util.log (and, in the endpoint's runner,
 * console), and the authorization type that util.authType reports.
 * The endpoint's runner resets it before each handler.
 */
export const evaluation = {
  authType: 'API Key Authorization',
  appendedErrors: [],
  extensionCalls: [],
  responseHeaders: {},
  logs: [],
  reset(authType) {
    this.authType = authType || 'API Key Authorization';
    this.appendedErrors = [];
    this.extensionCalls = [];
    this.responseHeaders = {};
    this.logs = [];
  },
};

// ---------------------------------------------------------------------------------------------
// DynamoDB values

function toDynamoDB(value) {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toDynamoDB) };
  return { M: toMapValues(value) };
}

function toMapValues(object) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, toDynamoDB(value)]));
}

const dynamodb = {
  toDynamoDB,
  toMapValues,
  toString: (value) => ({ S: value }),
  toStringSet: (values) => ({ SS: values }),
  toNumber: (value) => ({ N: String(value) }),
  toNumberSet: (values) => ({ NS: values.map(String) }),
  toBinary: (value) => ({ B: value }),
  toBinarySet: (values) => ({ BS: values }),
  toBoolean: (value) => ({ BOOL: value }),
  toNull: () => ({ NULL: null }),
  toList: (values) => ({ L: values.map(toDynamoDB) }),
  toMap: (object) => ({ M: toMapValues(object) }),
  toS3Object(key, bucket, region, version) {
    const s3 = { key, bucket, region };
    if (version !== undefined) s3.version = version;
    return { S: JSON.stringify({ s3 }) };
  },
  fromS3ObjectJson(json) {
    const parsed = JSON.parse(json);
    return parsed.s3 ?? parsed;
  },
};

// ---------------------------------------------------------------------------------------------
// util.transform: filter objects as AppSync's list arguments use them, to DynamoDB expressions

const COMPARISONS = { eq: '=', ne: '<>', le: '<=', lt: '<', ge: '>=', gt: '>' };

function expressionBuilder() {
  const names = {};
  const values = {};
  let count = 0;
  return {
    names,
    values,
    name(field) {
      const placeholder = `#${field.replace(/[^A-Za-z0-9_]/g, '_')}`;
      names[placeholder] = field;
      return placeholder;
    },
    value(field, value) {
      count += 1;
      const placeholder = `:${field.replace(/[^A-Za-z0-9_]/g, '_')}_${count}`;
      values[placeholder] = toDynamoDB(value);
      return placeholder;
    },
  };
}

function fieldCondition(builder, field, operator, operand) {
  const name = builder.name(field);
  if (COMPARISONS[operator]) return `(${name} ${COMPARISONS[operator]} ${builder.value(field, operand)})`;
  switch (operator) {
    case 'contains':
      return `(contains(${name},${builder.value(field, operand)}))`;
    case 'notContains':
      return `(NOT contains(${name},${builder.value(field, operand)}))`;
    case 'beginsWith':
      return `(begins_with(${name},${builder.value(field, operand)}))`;
    case 'between':
      return `(${name} BETWEEN ${builder.value(field, operand[0])} AND ${builder.value(field, operand[1])})`;
    case 'in':
      return `(${name} IN (${operand.map((v) => builder.value(field, v)).join(',')}))`;
    case 'attributeExists':
      return operand ? `(attribute_exists(${name}))` : `(attribute_not_exists(${name}))`;
    case 'attributeType':
      return `(attribute_type(${name},${builder.value(field, operand)}))`;
    case 'size': {
      const [sizeOperator, sizeOperand] = Object.entries(operand)[0];
      return fieldCondition(builder, field, sizeOperator, sizeOperand).replace(name, `size(${name})`);
    }
    default:
      throw new AppSyncError(`Unsupported filter operator '${operator}' on field '${field}'`, 'InvalidFilter');
  }
}

function filterExpression(builder, filter) {
  const parts = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (condition === undefined || condition === null) continue;
    if (key === 'and' || key === 'or') {
      const inner = condition.map((each) => filterExpression(builder, each)).filter((each) => each);
      if (inner.length > 0) parts.push(`(${inner.join(key === 'and' ? ' AND ' : ' OR ')})`);
    } else if (key === 'not') {
      parts.push(`(NOT ${filterExpression(builder, condition)})`);
    } else {
      const fieldParts = Object.entries(condition).map(([operator, operand]) => fieldCondition(builder, key, operator, operand));
      parts.push(fieldParts.length === 1 ? fieldParts[0] : `(${fieldParts.join(' AND ')})`);
    }
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

function toDynamoDBExpression(filter) {
  if (!filter || Object.keys(filter).length === 0) return null;
  const builder = expressionBuilder();
  const expression = filterExpression(builder, filter);
  const result = { expression, expressionNames: builder.names };
  if (Object.keys(builder.values).length > 0) result.expressionValues = builder.values;
  return result;
}

const transform = {
  toDynamoDBFilter: toDynamoDBExpression,
  toDynamoDBConditionExpression: toDynamoDBExpression,
  toSubscriptionFilter(filter, ignoredFields = [], rules) {
    const kept = Object.fromEntries(Object.entries(filter ?? {}).filter(([field]) => !ignoredFields.includes(field)));
    const filters = Object.entries(kept).flatMap(([fieldName, condition]) =>
      Object.entries(condition).map(([operator, value]) => ({ fieldName, operator, value })));
    const groups = filters.length > 0 ? [{ filters }] : [];
    if (rules) groups.push(...(rules.filterGroup ?? []));
    return { filterGroup: groups };
  },
};

// ---------------------------------------------------------------------------------------------
// util.time

const ZONE_OFFSET_PATTERN = /([+-])(\d{2}):?(\d{2})$/;

function pad(number, width = 2) {
  return String(number).padStart(width, '0');
}

function inZone(epochMillis, timeZone) {
  // Returns the wall-clock parts in the zone (UTC when none is given) and its offset in minutes.
  const date = new Date(epochMillis);
  if (!timeZone || timeZone === 'UTC' || timeZone === 'Z') {
    return { date, parts: utcParts(date), offsetMinutes: 0 };
  }
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const values = Object.fromEntries(formatter.formatToParts(date).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+values.year, +values.month - 1, +values.day, +values.hour, +values.minute, +values.second);
  const offsetMinutes = Math.round((wall - (epochMillis - (epochMillis % 1000))) / 60000);
  return { date, parts: utcParts(new Date(epochMillis + offsetMinutes * 60000)), offsetMinutes };
}

function utcParts(date) {
  return {
    year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(),
    hour: date.getUTCHours(), minute: date.getUTCMinutes(), second: date.getUTCSeconds(),
    millis: date.getUTCMilliseconds(), weekday: date.getUTCDay(),
  };
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
  'October', 'November', 'December'];

/** Formats with the Java DateTimeFormatter letters that AppSync's formats use. */
function formatTime(epochMillis, format, timeZone) {
  const { parts, offsetMinutes } = inZone(epochMillis, timeZone);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const offset = (colon) => `${sign}${pad(Math.floor(absolute / 60))}${colon ? ':' : ''}${pad(absolute % 60)}`;
  let out = '';
  for (let i = 0; i < format.length;) {
    const letter = format[i];
    if (letter === "'") {
      const end = format.indexOf("'", i + 1);
      out += end < 0 ? format.slice(i + 1) : format.slice(i + 1, end) || "'";
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    let run = 1;
    while (format[i + run] === letter) run += 1;
    i += run;
    switch (letter) {
      case 'y': case 'u': out += run === 2 ? pad(parts.year % 100) : pad(parts.year, run); break;
      case 'M':
        out += run >= 4 ? MONTH_NAMES[parts.month - 1] : run === 3 ? MONTH_NAMES[parts.month - 1].slice(0, 3) : pad(parts.month, run);
        break;
      case 'd': out += pad(parts.day, run); break;
      case 'H': out += pad(parts.hour, run); break;
      case 'h': out += pad(((parts.hour + 11) % 12) + 1, run); break;
      case 'a': out += parts.hour < 12 ? 'AM' : 'PM'; break;
      case 'm': out += pad(parts.minute, run); break;
      case 's': out += pad(parts.second, run); break;
      case 'S': out += pad(parts.millis, 3).slice(0, run).padEnd(run, '0'); break;
      case 'E': out += run >= 4 ? DAY_NAMES[parts.weekday] : DAY_NAMES[parts.weekday].slice(0, 3); break;
      case 'Z': out += run >= 4 ? `GMT${offsetMinutes === 0 ? '' : offset(true)}` : offset(false); break;
      case 'X': case 'x':
        out += offsetMinutes === 0 && letter === 'X' ? 'Z' : offset(run >= 3); break;
      case 'z': out += timeZone || 'UTC'; break;
      default: out += letter.repeat(run);
    }
  }
  return out;
}

function parseIso(text) {
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) {
    throw new AppSyncError(`Unable to parse '${text}' as an ISO 8601 date and time`, 'InvalidTimeFormat');
  }
  return millis;
}

/** Parses text written with the Java DateTimeFormatter letters back into epoch milliseconds. */
function parseFormatted(text, format, timeZone) {
  const fields = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, millis: 0, offset: null, pm: null };
  let position = 0;
  const take = (pattern) => {
    const match = pattern.exec(text.slice(position));
    if (!match) throw new AppSyncError(`Unable to parse '${text}' with the format '${format}'`, 'InvalidTimeFormat');
    position += match[0].length;
    return match[0];
  };
  for (let i = 0; i < format.length;) {
    const letter = format[i];
    if (letter === "'") {
      const end = format.indexOf("'", i + 1);
      const literal = format.slice(i + 1, end < 0 ? format.length : end);
      take(new RegExp(`^${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      i = end < 0 ? format.length : end + 1;
      continue;
    }
    let run = 1;
    while (format[i + run] === letter) run += 1;
    i += run;
    switch (letter) {
      case 'y': case 'u': fields.year = +take(run === 2 ? /^\d{2}/ : /^\d{4}/) + (run === 2 ? 2000 : 0); break;
      case 'M':
        if (run >= 3) {
          const name = take(/^[A-Za-z]+/).slice(0, 3).toLowerCase();
          fields.month = MONTH_NAMES.findIndex((m) => m.slice(0, 3).toLowerCase() === name) + 1;
        } else fields.month = +take(/^\d{1,2}/);
        break;
      case 'd': fields.day = +take(/^\d{1,2}/); break;
      case 'H': case 'h': fields.hour = +take(/^\d{1,2}/); break;
      case 'a': fields.pm = take(/^(AM|PM)/i).toUpperCase() === 'PM'; break;
      case 'm': fields.minute = +take(/^\d{1,2}/); break;
      case 's': fields.second = +take(/^\d{1,2}/); break;
      case 'S': fields.millis = Math.round(+`0.${take(new RegExp(`^\\d{${run}}`))}` * 1000); break;
      case 'E': take(/^[A-Za-z]+/); break;
      case 'Z': case 'X': case 'x': {
        const zone = take(/^(Z|[+-]\d{2}:?\d{2})/);
        const match = ZONE_OFFSET_PATTERN.exec(zone);
        fields.offset = match ? (match[1] === '-' ? -1 : 1) * (+match[2] * 60 + +match[3]) : 0;
        break;
      }
      default: take(new RegExp(`^${letter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}{${run}}`));
    }
  }
  if (fields.pm !== null) fields.hour = (fields.hour % 12) + (fields.pm ? 12 : 0);
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, fields.millis);
  if (fields.offset !== null) return wall - fields.offset * 60000;
  if (timeZone) return wall - inZone(wall, timeZone).offsetMinutes * 60000;
  return wall;
}

const time = {
  nowISO8601: () => clock.now().toISOString(),
  nowEpochSeconds: () => Math.floor(clock.now().getTime() / 1000),
  nowEpochMilliSeconds: () => clock.now().getTime(),
  nowFormatted: (format, timeZone) => formatTime(clock.now().getTime(), format, timeZone),
  parseFormattedToEpochMilliSeconds: (text, format, timeZone) => parseFormatted(text, format, timeZone),
  parseISO8601ToEpochMilliSeconds: (text) => parseIso(text),
  epochMilliSecondsToSeconds: (millis) => Math.floor(millis / 1000),
  epochMilliSecondsToISO8601: (millis) => new Date(millis).toISOString(),
  epochMilliSecondsToFormatted: (millis, format, timeZone) => formatTime(millis, format, timeZone),
};

// ---------------------------------------------------------------------------------------------
// identifiers

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function autoUlid() {
  let millis = clock.now().getTime();
  let timePart = '';
  for (let i = 0; i < 10; i += 1) {
    timePart = CROCKFORD[millis % 32] + timePart;
    millis = Math.floor(millis / 32);
  }
  const random = randomBytes(16);
  let randomPart = '';
  for (let i = 0; i < 16; i += 1) randomPart += CROCKFORD[random[i] % 32];
  return timePart + randomPart;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function autoKsuid() {
  // 4 bytes of seconds since the KSUID epoch (2014-05-13T16:53:20Z) and 16 random bytes, in base 62.
  const bytes = Buffer.concat([Buffer.alloc(4), randomBytes(16)]);
  bytes.writeUInt32BE(Math.floor(clock.now().getTime() / 1000) - 1400000000, 0);
  let number = BigInt(`0x${bytes.toString('hex')}`);
  let out = '';
  while (number > 0n) {
    out = BASE62[Number(number % 62n)] + out;
    number /= 62n;
  }
  return out.padStart(27, '0');
}

// ---------------------------------------------------------------------------------------------
// util

function typeOf(value) {
  if (value === null || value === undefined) return 'Null';
  if (Array.isArray(value)) return 'List';
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  return 'Map';
}

/** Text of logged values as a log line shows them: strings as they are, other values as JSON. */
export function logText(values) {
  return values.map((value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      return JSON.stringify(value) ?? String(value);
    } catch {
      return String(value);
    }
  }).join(' ');
}

export const util = {
  log: {
    info: (...values) => { evaluation.logs.push(logText(values)); },
    error: (...values) => { evaluation.logs.push(logText(values)); },
  },
  error(message, errorType, data, errorInfo) {
    throw new AppSyncError(message, errorType, data, errorInfo);
  },
  appendError(message, errorType, data, errorInfo) {
    evaluation.appendedErrors.push({ message, errorType: errorType ?? null, data: data ?? null, errorInfo: errorInfo ?? null });
  },
  unauthorized() {
    throw new AppSyncError('Unauthorized', 'Unauthorized');
  },
  autoId: () => randomUUID(),
  autoUlid,
  autoKsuid,
  isNull: (value) => value === null || value === undefined,
  isNullOrEmpty: (value) => value === null || value === undefined || value === '',
  isNullOrBlank: (value) => value === null || value === undefined || String(value).trim() === '',
  defaultIfNull: (value, fallback) => (value === null || value === undefined ? fallback : value),
  defaultIfNullOrEmpty: (value, fallback) => (value === null || value === undefined || value === '' ? fallback : value),
  defaultIfNullOrBlank: (value, fallback) =>
    (value === null || value === undefined || String(value).trim() === '' ? fallback : value),
  isString: (value) => typeof value === 'string',
  isNumber: (value) => typeof value === 'number',
  isBoolean: (value) => typeof value === 'boolean',
  isList: (value) => Array.isArray(value),
  isMap: (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
  typeOf,
  matches: (pattern, text) => new RegExp(`^(?:${pattern})$`).test(text),
  authType: () => evaluation.authType,
  escapeJavaScript: (text) => JSON.stringify(String(text)).slice(1, -1).replace(/'/g, "\\'"),
  urlEncode: (text) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  urlDecode: (text) => decodeURIComponent(String(text).replace(/\+/g, ' ')),
  base64Encode: (text) => Buffer.from(String(text), 'utf8').toString('base64'),
  base64Decode: (text) => Buffer.from(String(text), 'base64').toString('utf8'),
  time,
  str: {
    toUpper: (text) => text.toUpperCase(),
    toLower: (text) => text.toLowerCase(),
    toReplace: (text, find, replacement) => text.split(find).join(replacement),
    normalize: (text, form) => text.normalize(String(form ?? 'NFC').toUpperCase()),
  },
  math: {
    roundNum: (number) => Math.round(number),
    minVal: (a, b) => Math.min(a, b),
    maxVal: (a, b) => Math.max(a, b),
    randomDouble: () => Math.random(),
    randomWithinRange: (low, high) => low + Math.floor(Math.random() * (high - low + 1)),
  },
  dynamodb,
  transform,
  http: {
    copyHeaders: (headers) => Object.fromEntries(Object.entries(headers ?? {})
      .filter(([name]) => !['host', 'content-length', 'authorization', 'x-api-key'].includes(name.toLowerCase()))),
    addResponseHeader(name, value) {
      evaluation.responseHeaders[name] = String(value);
    },
    addResponseHeaders(headers) {
      Object.entries(headers ?? {}).forEach(([name, value]) => { evaluation.responseHeaders[name] = String(value); });
    },
  },
};

export const runtime = {
  earlyReturn(value, returnOptions) {
    throw new EarlyReturn(value === undefined ? null : value, returnOptions?.skipTo ?? null);
  },
};

function recorder(name) {
  return (...args) => {
    evaluation.extensionCalls.push({ name, args });
  };
}

export const extensions = {
  setSubscriptionFilter: recorder('setSubscriptionFilter'),
  setSubscriptionInvalidationFilter: recorder('setSubscriptionInvalidationFilter'),
  invalidateSubscriptions: recorder('invalidateSubscriptions'),
  evictFromApiCache: recorder('evictFromApiCache'),
};

export default { util, runtime, extensions };
