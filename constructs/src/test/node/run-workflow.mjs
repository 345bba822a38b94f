// Runs a state machine definition with aws-local-stepfunctions, for the Java behaviour tests.
//
// Reads one JSON request on stdin:
//   { definition, dynamodbEndpoint, tableName, enteredTime, payAtOnce,
//     executions: [ { input, payment: [ { result } | { error, cause }, ... ] } ] }
// Executions run concurrently. DynamoDB tasks are passed through to our table engine, so conditions
// are real; every other task is the payment step, answered from the execution's list in order
// (the last answer repeats). With payAtOnce, no payment answers before every execution has asked.
// Writes { executions: [ { status, error, cause } ], calls: [ { execution, state, outcome } ] }.
import { StateMachine } from 'aws-local-stepfunctions';
import { DynamoDBClient, UpdateItemCommand, PutItemCommand, GetItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';

// aws-local-stepfunctions 3 uses Promise.withResolvers, which Node.js has from version 22.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

class TaskError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

const request = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const dynamodb = new DynamoDBClient({
  endpoint: request.dynamodbEndpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const commands = { updateItem: UpdateItemCommand, putItem: PutItemCommand, getItem: GetItemCommand, deleteItem: DeleteItemCommand };

function taskStates(states, found = {}) {
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') found[name] = state.Resource;
    const inner = state.ItemProcessor ?? state.Iterator;
    if (inner) taskStates(inner.States, found);
    for (const branch of state.Branches ?? []) taskStates(branch.States, found);
  }
  return found;
}

const definition = JSON.parse(request.definition);
const tasks = taskStates(definition.States);
const calls = [];
const paymentWaiters = [];
let paymentsAsked = 0;

async function dynamodbTask(execution, state, resource, input) {
  const action = resource.split(':').pop();
  try {
    const { $metadata, ...output } = await dynamodb.send(new commands[action](input));
    calls.push({ execution, state, outcome: 'ok' });
    return output;
  } catch (e) {
    const name = `DynamoDB.${e.name}`;
    calls.push({ execution, state, outcome: name });
    throw new TaskError(name, e.message);
  }
}

async function paymentTask(execution, state, answers, input) {
  if (request.payAtOnce) {
    paymentsAsked += 1;
    const { promise, resolve } = Promise.withResolvers();
    paymentWaiters.push(resolve);
    if (paymentsAsked >= request.executions.length) paymentWaiters.splice(0).forEach((go) => go());
    await promise;
  }
  const answer = answers.length > 1 ? answers.shift() : answers[0];
  // What the table held when the payment was asked: the order must already be recorded.
  const { Item } = await dynamodb.send(new GetItemCommand({
    TableName: request.tableName, Key: { id: { S: input.orderId } }, ConsistentRead: true,
  }));
  calls.push({ execution, state, outcome: answer.error ?? 'ok', input, orderStatusAtPayment: Item?.orderStatus?.S ?? null });
  if (answer.error) throw new TaskError(answer.error, answer.cause ?? '');
  return answer.result;
}

const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
const retryIntervalOverrides = Object.fromEntries(Object.keys(tasks).map((name) => [name, 0]));

const results = await Promise.all(request.executions.map(async (execution, index) => {
  const answers = [...(execution.payment ?? [{ error: 'Test.NoPaymentAnswer' }])];
  const handlers = Object.fromEntries(Object.entries(tasks).map(([state, resource]) => [
    state,
    resource.startsWith('arn:aws:states:::dynamodb:')
      ? (input) => dynamodbTask(index, state, resource, input)
      : (input) => paymentTask(index, state, answers, input),
  ]));
  const run = machine.run(execution.input, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
    context: {
      Execution: { Input: execution.input, StartTime: request.enteredTime },
      State: { EnteredTime: request.enteredTime },
    },
  });
  try {
    await run.result;
    return { status: 'SUCCEEDED' };
  } catch (e) {
    // The library wraps the execution's error in an ExecutionError.
    const error = e.name === 'ExecutionError' && e.cause ? e.cause : e;
    return { status: 'FAILED', error: error.name, cause: error.message };
  }
}));

process.stdout.write(JSON.stringify({ executions: results, calls }));
