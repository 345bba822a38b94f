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
//   {type:"event", execution, event}                               one event of its history (see history below)
//   {type:"done", id, execution, status, output} | {type:"done", id, execution, status, error, cause}
// An execution's events all come before its "done".
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

function callJava(execution, state, resource, input, task) {
  lastCall += 1;
  const call = lastCall;
  const { promise, resolve, reject } = Promise.withResolvers();
  pendingCalls.set(call, { resolve, reject, execution });
  send({ type: 'task', call, execution, state, resource, input });
  if (!task) return promise;
  // The history records the task's call as Step Functions does: scheduled, started, then its outcome.
  const record = task.begin(state, resource, input);
  return promise.then(
    (output) => { record.succeeded(output); return output; },
    (e) => { record.failed(e); throw e; },
  );
}

// ---- Execution history ----------------------------------------------------------------------
// aws-local-stepfunctions logs an execution's events (ExecutionStarted, StateEntered, StateExited,
// StateFailed, ...) in order; each is turned here into the events of Step Functions' own
// GetExecutionHistory, without ids (the Java side numbers them). A Task state's call is recorded
// as it happens and its events (TaskScheduled, TaskStarted, TaskSucceeded or TaskFailed) are put
// in the history when the log reaches the end of that state's attempt.

/** `arn:aws:states:::dynamodb:updateItem` is resource type `dynamodb`, resource `updateItem`. */
function taskResource(resource) {
  const integration = /^arn:[^:]+:states:::(.+)$/.exec(resource ?? '');
  if (!integration) {
    return { resourceType: 'lambda', resource: resource ?? '' };
  }
  const path = integration[1];
  const at = path.lastIndexOf(':');
  return at < 0 ? { resourceType: path, resource: path } : { resourceType: path.slice(0, at), resource: path.slice(at + 1) };
}

function json(value) {
  return JSON.stringify(value === undefined ? null : value);
}

function taskRecorder(region) {
  const byState = new Map();
  return {
    begin(state, resource, input) {
      const at = Date.now();
      const record = { state, ...taskResource(resource), parameters: json(input), scheduledAt: at, startedAt: at };
      if (!byState.has(state)) byState.set(state, []);
      byState.get(state).push(record);
      return {
        succeeded(output) { record.endedAt = Date.now(); record.output = json(output); },
        failed(e) { record.endedAt = Date.now(); record.error = e?.name ?? 'States.TaskFailed'; record.cause = e?.message ?? ''; },
      };
    },
    /** The events of the state's calls so far; a call that has not ended is ended by `failure`. */
    take(state, failure) {
      const records = byState.get(state) ?? [];
      byState.delete(state);
      const events = [];
      for (const r of records) {
        const kind = { resourceType: r.resourceType, resource: r.resource };
        events.push({ type: 'TaskScheduled', timestamp: r.scheduledAt,
          taskScheduledEventDetails: { ...kind, region, parameters: r.parameters } });
        events.push({ type: 'TaskStarted', timestamp: r.startedAt, taskStartedEventDetails: kind });
        const endedAt = r.endedAt ?? Date.now();
        if (r.output !== undefined && !failure) {
          events.push({ type: 'TaskSucceeded', timestamp: endedAt,
            taskSucceededEventDetails: { ...kind, output: r.output, outputDetails: { truncated: false } } });
        } else {
          const error = failure?.error ?? r.error ?? 'States.TaskFailed';
          const cause = failure?.cause ?? r.cause ?? '';
          events.push(error === 'States.Timeout'
            ? { type: 'TaskTimedOut', timestamp: endedAt, taskTimedOutEventDetails: { ...kind, error, cause } }
            : { type: 'TaskFailed', timestamp: endedAt, taskFailedEventDetails: { ...kind, error, cause } });
        }
      }
      return events;
    },
  };
}

function causeText(cause) {
  return typeof cause === 'string' ? cause : json(cause);
}

/** Step Functions' events for one logged event of aws-local-stepfunctions. */
function historyEvents(event, tasks, roleArn) {
  const at = event.timestamp;
  const state = event.state;
  switch (event.type) {
    case 'ExecutionStarted':
      return [{ type: 'ExecutionStarted', timestamp: at, executionStartedEventDetails: {
        input: json(event.input), inputDetails: { truncated: false }, ...(roleArn ? { roleArn } : {}) } }];
    case 'ExecutionSucceeded':
      return [{ type: 'ExecutionSucceeded', timestamp: at,
        executionSucceededEventDetails: { output: json(event.output), outputDetails: { truncated: false } } }];
    case 'ExecutionFailed':
      return [{ type: 'ExecutionFailed', timestamp: at,
        executionFailedEventDetails: { error: event.Error, cause: causeText(event.Cause) } }];
    case 'ExecutionAborted':
      return [{ type: 'ExecutionAborted', timestamp: at, executionAbortedEventDetails: {} }];
    case 'ExecutionTimeout':
      return [{ type: 'ExecutionTimedOut', timestamp: at,
        executionTimedOutEventDetails: { error: 'States.Timeout', cause: 'The execution ran longer than its TimeoutSeconds' } }];
    case 'StateEntered': {
      const events = [{ type: `${state.type}StateEntered`, timestamp: at,
        stateEnteredEventDetails: { name: state.name, input: json(state.input), inputDetails: { truncated: false } } }];
      if (state.type === 'Map' || state.type === 'Parallel') {
        events.push({ type: `${state.type}StateStarted`, timestamp: at });
      }
      return events;
    }
    case 'StateFailed': {
      const failure = { error: event.Error, cause: causeText(event.Cause) };
      if (state.type === 'Task') return tasks.take(state.name, failure);
      if (state.type === 'Map' || state.type === 'Parallel') return [{ type: `${state.type}StateFailed`, timestamp: at }];
      return [];
    }
    case 'StateExited': {
      if (state.type === 'Fail') return [];
      const events = state.type === 'Task' ? tasks.take(state.name) : [];
      if (state.type === 'Map' || state.type === 'Parallel') events.push({ type: `${state.type}StateSucceeded`, timestamp: at });
      events.push({ type: `${state.type}StateExited`, timestamp: at,
        stateExitedEventDetails: { name: state.name, output: json(state.output), outputDetails: { truncated: false } } });
      return events;
    }
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed': {
      const key = `${event.type[0].toLowerCase()}${event.type.slice(1)}EventDetails`;
      return [{ type: event.type, timestamp: at, [key]: { name: event.parentState?.name, index: event.index } }];
    }
    default:
      // StateRetried and StateCaught have no event of their own in Step Functions' history: the
      // next TaskScheduled or StateExited says it. Parallel branches show through their states.
      return [];
  }
}

/** Sends the execution's history as its log is written; settles once the log ends. */
async function recordHistory(execution, eventLogs, tasks, roleArn) {
  for await (const event of eventLogs) {
    for (const historyEvent of historyEvents(event, tasks, roleArn)) {
      send({ type: 'event', execution, event: historyEvent });
    }
  }
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

function start({ id, execution, machine, input, context, region, roleArn }) {
  const registered = machines.get(machine);
  if (!registered) {
    send({ type: 'done', id, execution, status: 'FAILED', error: 'States.Runtime', cause: `state machine ${machine} is not registered` });
    return;
  }
  const tasks = taskRecorder(region ?? 'us-east-1');
  // Keyed by state name, as the library looks them up; no prototype, so a state called
  // "constructor" or "toString" finds its own handler.
  const handlers = Object.create(null);
  for (const [state, resource] of registered.tasks) {
    handlers[state] = (stateInput) => callJava(execution, state, resource, stateInput, tasks);
  }
  let run;
  try {
    run = registered.stateMachine.run(input, { overrides: { taskResourceLocalHandlers: handlers }, context });
  } catch (e) {
    send({ type: 'done', id, execution, ...outcome(e) });
    return;
  }
  running.set(execution, run);
  const history = recordHistory(execution, run.eventLogs, tasks, roleArn).catch((e) => {
    process.stderr.write(`the history of ${execution} is incomplete: ${e?.message ?? e}\n`);
  });
  // The log ends with the execution; should it not, the outcome goes out after a short wait anyway.
  const historyWritten = () => Promise.race([history, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  run.result.then(
    (output) => historyWritten().then(() => send({ type: 'done', id, execution, status: 'SUCCEEDED', output: output ?? null })),
    (e) => historyWritten().then(() => send({ type: 'done', id, execution, ...outcome(e) })),
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
