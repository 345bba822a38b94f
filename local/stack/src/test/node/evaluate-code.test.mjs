// AppSync's EvaluateCode on the local AWS endpoint, called by the AWS SDK for JavaScript v3 as an app
// or a tool calls it: the client is given the endpoint and made-up credentials, nothing else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppSyncClient, EvaluateCodeCommand } from '@aws-sdk/client-appsync';

const client = new AppSyncClient({
  endpoint: process.env.ORDERFLOW_AWS_ENDPOINT,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'anything' },
});

const code = `import { util } from '@aws-appsync/utils';

export function request(ctx) {
  util.log.info('pricing', ctx.args.name);
  ctx.stash.unitPrice = 8;
  return { payload: { name: ctx.args.name, total: ctx.args.quantity * 8 } };
}

export function response(ctx) {
  return { ...ctx.result, currency: 'EUR' };
}
`;

function evaluate(source, context, fn) {
  return client.send(new EvaluateCodeCommand({
    runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' },
    code: source,
    context: JSON.stringify(context),
    function: fn,
  }));
}

test('the request handler answers its result, stash and log lines', async () => {
  const answer = await evaluate(code, { arguments: { name: 'Margherita', quantity: 2 } }, 'request');

  assert.deepEqual(JSON.parse(answer.evaluationResult), { payload: { name: 'Margherita', total: 16 } });
  assert.equal(JSON.parse(answer.stash).unitPrice, 8);
  assert.deepEqual(answer.logs, ['pricing Margherita']);
  assert.equal(answer.error, undefined);
});

test('the response handler answers what it returned', async () => {
  const answer = await evaluate(code, { arguments: {}, result: { name: 'Calzone', total: 24 } }, 'response');

  assert.deepEqual(JSON.parse(answer.evaluationResult), { name: 'Calzone', total: 24, currency: 'EUR' });
});

test('a syntax error answers its type and location', async () => {
  const answer = await evaluate('export function request(ctx) {\n  return { total: 2 * };\n}\n', {}, 'request');

  assert.equal(answer.evaluationResult, undefined);
  assert.equal(answer.error.codeErrors[0].errorType, 'SYNTAX_ERROR');
  assert.equal(answer.error.codeErrors[0].location.line, 2);
});
