// The Node.js side of orderflow-local's GraphQL endpoint: runs APPSYNC_JS resolver and function
// code (ES modules exporting request and response) for the Java side, one handler at a time.
//
// Protocol: newline-delimited JSON on stdin and stdout, one answer per request, in order.
//   {"id":1,"op":"load","module":"m1","code":"..."}        -> {"id":1,"ok":true} | {"id":1,"loadError":"..."}
//   {"id":2,"op":"run","module":"m1","handler":"request","ctx":{...},"authType":"..."}
//     -> {"id":2,"result":...,"stash":{...},"appended":[...],"extensions":[...],"responseHeaders":{...},
//         "earlyReturn":false,"skipTo":null,"error":null | {"message","errorType","data","errorInfo"}}
//   first of all, once: {"type":"ready","node":"v22.11.0"}
// Whatever the code logs with console goes to stderr, so stdout carries only answers.
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import { AppSyncError, EarlyReturn, evaluation, extensions, runtime, util } from './util.mjs';

const RUNTIME_KEY = Symbol.for('orderflow.appsync.runtime');
globalThis[RUNTIME_KEY] = { util, runtime, extensions };

// Resolver code imports '@aws-appsync/utils' as AppSync provides it; these modules hand it the
// runtime above, which lives in this (bundled) script.
const SHIM = `const a = globalThis[Symbol.for('orderflow.appsync.runtime')];
export const util = a.util; export const runtime = a.runtime; export const extensions = a.extensions;
export default a;`;
const HOOKS = `export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@aws-appsync/utils') {
    return { url: 'data:text/javascript,' + encodeURIComponent(${JSON.stringify(SHIM)}), shortCircuit: true };
  }
  return nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);

const out = process.stdout;
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => process.stderr.write(`${args.map(String).join(' ')}\n`);
}

const modules = new Map();

function send(answer) {
  out.write(`${JSON.stringify(answer, (key, value) => (value === undefined ? null : value))}\n`);
}

async function load(message) {
  try {
    const url = `data:text/javascript;base64,${Buffer.from(message.code, 'utf8').toString('base64')}`;
    const loaded = await import(url);
    modules.set(message.module, loaded);
    send({ id: message.id, ok: true, handlers: Object.keys(loaded) });
  } catch (error) {
    send({ id: message.id, loadError: `${error.name}: ${error.message}` });
  }
}

function context(message) {
  const ctx = message.ctx;
  return {
    arguments: ctx.args ?? {},
    args: ctx.args ?? {},
    identity: ctx.identity ?? null,
    source: ctx.source ?? null,
    stash: ctx.stash ?? {},
    prev: { result: ctx.prev?.result },
    info: ctx.info ?? {},
    request: ctx.request ?? { headers: {} },
    env: ctx.env ?? {},
    result: ctx.result,
    error: ctx.error ?? undefined,
  };
}

function run(message) {
  const handlers = modules.get(message.module);
  const handler = handlers?.[message.handler];
  evaluation.reset(message.authType);
  const ctx = context(message);
  const answer = { id: message.id, result: null, earlyReturn: false, error: null };
  if (typeof handler !== 'function') {
    answer.error = { message: `The code has no exported function '${message.handler}'`, errorType: 'Code' };
  } else {
    try {
      answer.result = handler(ctx);
      if (answer.result && typeof answer.result.then === 'function') {
        answer.result = null;
        answer.error = { message: `The ${message.handler} function returned a Promise: APPSYNC_JS handlers are synchronous`, errorType: 'Code' };
      }
    } catch (error) {
      if (error instanceof EarlyReturn) {
        answer.earlyReturn = true;
        answer.skipTo = error.skipTo;
        answer.result = error.value;
      } else if (error instanceof AppSyncError) {
        answer.error = { message: error.message, errorType: error.errorType ?? null, data: error.data ?? null, errorInfo: error.errorInfo ?? null };
      } else {
        answer.error = { message: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, errorType: 'Code', data: null, errorInfo: null };
      }
    }
  }
  answer.stash = ctx.stash;
  answer.appended = evaluation.appendedErrors;
  answer.extensions = evaluation.extensionCalls;
  answer.responseHeaders = evaluation.responseHeaders;
  send(answer);
}

// One message at a time, in order: loads finish before the runs that follow them.
let queue = Promise.resolve();
createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
  if (!line.trim()) return;
  queue = queue.then(async () => {
    let message;
    try {
      message = JSON.parse(line);
    } catch (error) {
      send({ id: null, protocolError: `not JSON: ${error.message}` });
      return;
    }
    if (message.op === 'load') await load(message);
    else if (message.op === 'run') run(message);
    else send({ id: message.id, protocolError: `unknown op ${message.op}` });
  });
}).on('close', () => queue.then(() => process.exit(0)));
// The Java side stops this process (its stdin ends, or TERM): a terminal's Ctrl-C is for the JVM,
// which stops its GraphQL endpoint before this runner.
process.on('SIGINT', () => {});
send({ type: 'ready', node: process.version });
