import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as caller from '../../../main/resources/dev/orderflow/constructs/graphql/caller.js';
import { context, IDENTITIES } from './contexts.mjs';

test('an API key caller is the anonymous customer', () => {
  const ctx = context({ identity: IDENTITIES.apiKey });
  caller.request(ctx);
  assert.equal(ctx.stash.customerId, 'anonymous');
});

test('a Cognito caller is its user pool subject', () => {
  const ctx = context({ identity: IDENTITIES.cognito });
  caller.request(ctx);
  assert.equal(ctx.stash.customerId, '5f0c2a9e-41d7-4b3c-8a6e-1f0245d7c9aa');
});

test('an IAM caller is its ARN', () => {
  const ctx = context({ identity: IDENTITIES.iam });
  caller.request(ctx);
  assert.equal(ctx.stash.customerId, 'arn:aws:sts::123456789012:assumed-role/KitchenDisplay/kitchen-display');
});

test('an IAM caller from a Cognito identity pool is its identity id', () => {
  const ctx = context({ identity: { ...IDENTITIES.iam, cognitoIdentityId: 'us-east-1:1234-abcd' } });
  caller.request(ctx);
  assert.equal(ctx.stash.customerId, 'us-east-1:1234-abcd');
});

test('an identity without any id is unauthorized', () => {
  assert.throws(() => caller.request(context({ identity: { sourceIp: ['203.0.113.9'] } })), { errorType: 'Unauthorized' });
});

test('the pipeline answers what its last function answered', () => {
  assert.deepEqual(caller.response(context({ prevResult: { id: 'o-1' } })), { id: 'o-1' });
});
