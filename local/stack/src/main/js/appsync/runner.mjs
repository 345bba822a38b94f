// The Node.js side of orderflow-local's GraphQL endpoint: runs APPSYNC_JS resolver and function
// code (ES modules exporting request and response) for the Java side, one handler at a time.
//
// Protocol: newline-delimited JSON on stdin and stdout, one answer per request, in order.
//   {"id":1,"op":"load","module":"m1","code":"..."}        -> {"id":1,"ok":true} | {"id":1,"loadError":"..."}
//   {"id":2,"op":"run","module":"m1","handler":"request","ctx":{...},"authType":"..."}
//     -> {"id":2,"result":...,"stash":{...},"appended":[...],"extensions":[...],"responseHeaders":{...},
//         "earlyReturn":false,"skipTo":null,"logs":["..."],
//         "error":null | {"message","errorType","data","errorInfo","location":{"line","column","span"}|null}}
//   {"id":3,"op":"evaluate","code":"...","handler":"request","ctx":{...},"authType":"..."}
//     -> the answer of run, or {"id":3,"loadError":"...","location":{...}|null,"logs":[]}
//   first of all, once: {"type":"ready","node":"v22.11.0"}
// Whatever the code logs with console goes to stderr, so stdout carries only answers.
import { register } from 'node:module';
import { createInterface } from 'node:readline';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { AppSyncError, EarlyReturn, evaluation, extensions, logText, runtime, util } from './util.mjs';

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
// Console lines go to stderr (the Java side logs them) and to the handler's logs, which the
// endpoint's traces and EvaluateCode show.
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => {
    const line = logText(args);
    evaluation.logs.push(line);
    process.stderr.write(`${line}\n`);
  };
}

// Where in the resolver's code an error was raised: the first frame of the stack that is the code's
// own module (util.error is called from it, so that frame is the caller's line).
const CODE_FRAME = /data:text\/javascript;base64,[A-Za-z0-9+/=]*:(\d+):(\d+)/;

function locate(error) {
  const match = CODE_FRAME.exec(typeof error?.stack === 'string' ? error.stack : '');
  return match ? { line: Number(match[1]), column: Number(match[2]), span: 0 } : null;
}

// V8 reports no position for a syntax error in an ES module; compiled as a script (imports blanked,
// export keywords turned into spaces, so lines and columns stay the same), the same error says where.
function syntaxLocation(code) {
  const script = code.replace(/^(\s*)import\s[^;]*;?/gm, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\bexport\s+default\s/g, (m) => `void${' '.repeat(m.length - 4)}`)
    .replace(/\bexport\s(?=\s*(async\s+)?(function|const|let|var|class)\b)/g, (m) => ' '.repeat(m.length));
  try {
    new vm.Script(script, { filename: 'code.js' });
  } catch (error) {
    const match = /^code\.js:(\d+)\n[^\n]*\n( *)(\^+)/.exec(error?.stack ?? '');
    if (match) return { line: Number(match[1]), column: match[2].length + 1, span: match[3].length };
  }
  return null;
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
    send({ id: message.id, loadError: `${error.name}: ${error.message}`,
      location: error instanceof SyntaxError ? syntaxLocation(message.code) : null });
  }
}

// Code given to EvaluateCode, loaded once per distinct text.
const evaluated = new Map();
const EVALUATED_MAX = 200;

async function evaluate(message) {
  const key = createHash('sha256').update(message.code ?? '').digest('hex');
  let handlers = evaluated.get(key);
  if (!handlers) {
    try {
      const url = `data:text/javascript;base64,${Buffer.from(message.code ?? '', 'utf8').toString('base64')}`;
      handlers = await import(url);
    } catch (error) {
      send({ id: message.id, loadError: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, logs: [],
        location: error instanceof SyntaxError ? syntaxLocation(message.code ?? '') : locate(error) });
      return;
    }
    if (evaluated.size >= EVALUATED_MAX) evaluated.delete(evaluated.keys().next().value);
    evaluated.set(key, handlers);
  }
  send(runHandler(message, handlers));
}

function context(message) {
  const ctx = message.ctx;
  return {
    arguments: ctx.args ?? ctx.arguments ?? {},
    args: ctx.args ?? ctx.arguments ?? {},
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
  send(runHandler(message, modules.get(message.module)));
}

function runHandler(message, handlers) {
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
        answer.error = { message: error.message, errorType: error.errorType ?? null, data: error.data ?? null,
          errorInfo: error.errorInfo ?? null, location: locate(error) };
      } else {
        answer.error = { message: `${error?.name ?? 'Error'}: ${error?.message ?? error}`, errorType: 'Code', data: null,
          errorInfo: null, location: locate(error), thrown: error?.name ?? 'Error' };
      }
    }
  }
  answer.stash = ctx.stash;
  answer.appended = evaluation.appendedErrors;
  answer.extensions = evaluation.extensionCalls;
  answer.responseHeaders = evaluation.responseHeaders;
  answer.logs = evaluation.logs;
  return answer;
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
    else if (message.op === 'evaluate') await evaluate(message);
    else send({ id: message.id, protocolError: `unknown op ${message.op}` });
  });
}).on('close', () => queue.then(() => process.exit(0)));
// The Java side stops this process (its stdin ends, or TERM): a terminal's Ctrl-C is for the JVM,
// which stops its GraphQL endpoint before this runner.
process.on('SIGINT', () => {});
send({ type: 'ready', node: process.version });
