// The Node.js side of orderflow-local's StepFunctionsRunner: runs Amazon States Language definitions
// on aws-local-stepfunctions and hands every Task state to the Java side.
//
// Messages are JSON, one per line. Java writes on stdin:
//   {type:"register", id, machine, definition, retryDelayScale}   validate and keep a definition
//   {type:"start", id, execution, machine, input, context}         run an execution (answered when it ends)
//   {type:"result", call, output} | {type:"result", call, error, cause}   a Task state's outcome
//   {type:"stop", execution}                                       abort a running execution
// and this process answers on stdout:
//   {type:"ready", node}
//   {type:"registered", id} | {type:"registered", id, error}
//   {type:"task", call, execution, state, resource, input}
//   {type:"done", id, execution, status, output} | {type:"done", id, execution, status, error, cause}
// Executions run side by side: nothing here waits for one to finish before starting the next.
import './promise-with-resolvers.js';
import { createInterface } from 'node:readline';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';

/** A Task state's failure as the Java task handler reported it: Retry and Catch match its name. */
class TaskFailure extends Error {
  constructor(error, cause) {
    super(cause ?? '');
    this.name = error;
  }
}

const machines = new Map();
const running = new Map();
const pendingCalls = new Map();
let lastCall = 0;

// Messages of one turn of the event loop go out in one write: fewer system calls when many
// executions run at once.
let outgoing = [];

function flush() {
  const lines = `${outgoing.join('\n')}\n`;
  outgoing = [];
  process.stdout.write(lines);
}

function send(message) {
  outgoing.push(JSON.stringify(message));
  if (outgoing.length === 1) setImmediate(flush);
}

/** Every Task state, by name, with its Resource, in Map item processors and Parallel branches too. */
function taskStates(states, found = new Map()) {
  for (const [name, state] of Object.entries(states ?? {})) {
    if (state.Type === 'Task') found.set(name, state.Resource);
    const inner = state.ItemProcessor ?? state.Iterator;
    if (inner) taskStates(inner.States, found);
    for (const branch of state.Branches ?? []) taskStates(branch.States, found);
  }
  return found;
}

/**
 * A copy of the definition whose retry waits are scaled by the given factor, so that tests can keep
 * a definition's intervals, backoff and caps in proportion while waiting less.
 */
function scaleRetries(value, scale) {
  if (Array.isArray(value)) return value.map((item) => scaleRetries(item, scale));
  if (value === null || typeof value !== 'object') return value;
  const copy = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Retry' && Array.isArray(item)) {
      copy.Retry = item.map((retrier) => ({
        ...retrier,
        // Absent means 1 second in the States Language.
        IntervalSeconds: (retrier.IntervalSeconds ?? 1) * scale,
        ...(retrier.MaxDelaySeconds !== undefined ? { MaxDelaySeconds: retrier.MaxDelaySeconds * scale } : {}),
      }));
    } else {
      copy[key] = scaleRetries(item, scale);
    }
  }
  return copy;
}

function register({ id, machine, definition, retryDelayScale }) {
  try {
    const parsed = typeof definition === 'string' ? JSON.parse(definition) : definition;
    // Validated as written; what runs may carry scaled retry intervals, which are not whole seconds.
    new StateMachine(parsed, { validationOptions: { checkArn: false } });
    const scale = retryDelayScale ?? 1;
    const runnable = scale === 1 ? parsed : scaleRetries(parsed, scale);
    machines.set(machine, {
      stateMachine: new StateMachine(runnable, { validationOptions: { noValidate: true } }),
      tasks: taskStates(parsed.States),
    });
    send({ type: 'registered', id });
  } catch (e) {
    send({ type: 'registered', id, error: e.message });
  }
}

function callJava(execution, state, resource, input) {
  lastCall += 1;
  const call = lastCall;
  const { promise, resolve, reject } = Promise.withResolvers();
  pendingCalls.set(call, { resolve, reject, execution });
  send({ type: 'task', call, execution, state, resource, input });
  return promise;
}

function answer({ call, output, error, cause }) {
  const pending = pendingCalls.get(call);
  // A call whose state timed out or whose execution was stopped is no longer awaited.
  if (!pending) return;
  pendingCalls.delete(call);
  if (error !== undefined && error !== null) pending.reject(new TaskFailure(error, cause));
  else pending.resolve(output ?? null);
}

function outcome(e) {
  if (e instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution ran longer than the TimeoutSeconds of its definition' };
  }
  if (e instanceof ExecutionAbortedError) {
    return { status: 'ABORTED' };
  }
  const failure = e instanceof ExecutionError && e.cause ? e.cause : e;
  return { status: 'FAILED', error: failure?.name ?? 'States.Runtime', cause: failure?.message ?? String(e) };
}

function start({ id, execution, machine, input, context }) {
  const registered = machines.get(machine);
  if (!registered) {
    send({ type: 'done', id, execution, status: 'FAILED', error: 'States.Runtime', cause: `state machine ${machine} is not registered` });
    return;
  }
  // Keyed by state name, as the library looks them up; no prototype, so a state called
  // "constructor" or "toString" finds its own handler.
  const handlers = Object.create(null);
  for (const [state, resource] of registered.tasks) {
    handlers[state] = (stateInput) => callJava(execution, state, resource, stateInput);
  }
  let run;
  try {
    run = registered.stateMachine.run(input, { overrides: { taskResourceLocalHandlers: handlers }, context });
  } catch (e) {
    send({ type: 'done', id, execution, ...outcome(e) });
    return;
  }
  running.set(execution, run);
  run.result.then(
    (output) => send({ type: 'done', id, execution, status: 'SUCCEEDED', output: output ?? null }),
    (e) => send({ type: 'done', id, execution, ...outcome(e) }),
  ).finally(() => {
    running.delete(execution);
    for (const [call, pending] of pendingCalls) {
      if (pending.execution === execution) pendingCalls.delete(call);
    }
  });
}

function stop({ execution }) {
  running.get(execution)?.abort();
}

const handlersByType = { register, start, result: answer, stop };

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    process.stderr.write(`ignored a message that is not JSON: ${e.message}\n`);
    return;
  }
  const handle = handlersByType[message.type];
  if (handle) handle(message);
  else process.stderr.write(`ignored a message of unknown type ${JSON.stringify(message.type)}\n`);
});
// The Java side closes stdin when it closes the runner, or when its JVM ends: stop with it.
lines.on('close', () => process.exit(0));
// ...and nothing else stops it: a terminal's Ctrl-C is for the JVM, which stops its pipes before
// this runner, so that no execution in flight is cut short.
process.on('SIGINT', () => {});

send({ type: 'ready', node: process.version });
