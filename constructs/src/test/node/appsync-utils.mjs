// The few `util` functions the resolvers use, doing what the AppSync documentation says they do.
// @aws-appsync/utils ships types only; AppSync provides the implementation at run time.
import { randomUUID } from 'node:crypto';

/** What util.error throws: AppSync ends the resolver and answers a GraphQL error. */
export class AppSyncError extends Error {
  constructor(message, errorType, data, errorInfo) {
    super(message);
    this.errorType = errorType;
    this.data = data;
    this.errorInfo = errorInfo;
  }
}

/** The clock the resolvers read; tests may set it. */
export const clock = { now: '2026-11-23T12:00:00.000Z' };

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

export const util = {
  error(message, errorType, data, errorInfo) {
    throw new AppSyncError(message, errorType, data, errorInfo);
  },
  unauthorized() {
    throw new AppSyncError('Unauthorized', 'Unauthorized');
  },
  autoId() {
    return randomUUID();
  },
  time: {
    nowISO8601() {
      return clock.now;
    },
  },
  dynamodb: { toDynamoDB, toMapValues },
};
