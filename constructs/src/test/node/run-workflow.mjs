// Runs a state machine definition with aws-local-stepfunctions, for the Java behaviour tests.
//
// Reads JSON requests on stdin, one a line, and answers each on a line of its own, in turn (so that
// the tests start Node.js and load the packages once for all their runs). A request:
//   { definition, dynamodbEndpoint, tableName, enteredTime, payAtOnce, payAfterClaims, failingStates,
//     executions: [ { input } ],
//     payments: { <orderId>: [ { result } | { error, cause }, ... ] },
//     duringPayment: { <orderId>: { quantity } } }
// Executions run concurrently. DynamoDB tasks are passed through to our table engine, so conditions
// are real; every other task is the payment step, answered from the order's list in order (the
// last answer repeats; an order without a list is approved with the payment id pay_<orderId>).
// With payAtOnce = n, no payment answers before n payments were asked; with payAfterClaims = n, none
// before n claims were decided (a ClaimOrder granted, or refused and its ReadOrderStatus made). The DynamoDB calls of the states
// named in failingStates fail with InternalServerError, as a table that is unavailable does. duringPayment makes, while
// an order's payment is asked, the conditional write updateOrder makes (the caller's own PENDING
// order only), as a customer racing the workflow would.
// Its answer: { executions: [ { status, output, error, cause } ], calls: [ { execution, state, outcome, ... } ] },
// or { scriptError } when the script itself failed on it.
import { createInterface } from 'node:readline';
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

/** Runs one request's executions and answers what the script writes for it. */
async function runWorkflow(request) {
  const dynamodb = new DynamoDBClient({
    endpoint: request.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    return await run(request, dynamodb);
  } finally {
    dynamodb.destroy();
  }
}

async function run(request, dynamodb) {
  const definition = JSON.parse(request.definition);
  const tasks = taskStates(definition.States);
  const calls = [];
  const paymentWaiters = [];
  let paymentsAsked = 0;
  const claimWaiters = [];
  let claimsDecided = 0;

  function claimDecided() {
    claimsDecided += 1;
    if (claimsDecided >= (request.payAfterClaims ?? 0)) claimWaiters.splice(0).forEach((go) => go());
  }

  async function dynamodbTask(execution, state, resource, input) {
    const action = resource.split(':').pop();
    try {
      if ((request.failingStates ?? []).includes(state)) {
        const unavailable = new Error('The table is unavailable');
        unavailable.name = 'InternalServerError';
        throw unavailable;
      }
      const { $metadata, ...output } = await dynamodb.send(new commands[action](input));
      calls.push({ execution, state, outcome: 'ok', orderId: input.Key?.id?.S });
      return output;
    } catch (e) {
      const name = `DynamoDB.${e.name}`;
      calls.push({ execution, state, outcome: name, orderId: input.Key?.id?.S });
      throw new TaskError(name, e.message);
    } finally {
      const last = calls[calls.length - 1];
      if ((state === 'ClaimOrder' && last.outcome === 'ok') || state === 'ReadOrderStatus') claimDecided();
    }
  }

  const payments = Object.fromEntries(Object.entries(request.payments ?? {}).map(([id, answers]) => [id, [...answers]]));

  function nextAnswer(orderId) {
    const answers = payments[orderId];
    if (!answers) return { result: { orderId, status: 'APPROVED', paymentId: `pay_${orderId}` } };
    return answers.length > 1 ? answers.shift() : answers[0];
  }

  async function updateOrder(execution, orderId, quantity) {
    try {
      await dynamodb.send(new UpdateItemCommand({
        TableName: request.tableName,
        Key: { id: { S: orderId } },
        UpdateExpression: 'SET updatedAt = :updatedAt, quantity = :quantity',
        ConditionExpression: 'customerId = :customerId AND orderStatus = :pending',
        ExpressionAttributeValues: {
          ':updatedAt': { S: request.enteredTime }, ':quantity': { N: String(quantity) },
          ':customerId': { S: 'customer-1' }, ':pending': { S: 'PENDING' },
        },
      }));
      calls.push({ execution, state: 'UpdateOrder', outcome: 'ok', orderId });
    } catch (e) {
      calls.push({ execution, state: 'UpdateOrder', outcome: `DynamoDB.${e.name}`, orderId });
    }
  }

  async function paymentTask(execution, state, input) {
    const race = (request.duringPayment ?? {})[input.orderId];
    if (race) await updateOrder(execution, input.orderId, race.quantity);
    if (claimsDecided < (request.payAfterClaims ?? 0)) {
      const { promise, resolve } = Promise.withResolvers();
      claimWaiters.push(resolve);
      await promise;
    }
    if (request.payAtOnce) {
      paymentsAsked += 1;
      const { promise, resolve } = Promise.withResolvers();
      paymentWaiters.push(resolve);
      if (paymentsAsked >= request.payAtOnce) paymentWaiters.splice(0).forEach((go) => go());
      await promise;
    }
    const answer = nextAnswer(input.orderId);
    // What the table held when the payment was asked: the order must already be claimed.
    const { Item } = await dynamodb.send(new GetItemCommand({
      TableName: request.tableName, Key: { id: { S: input.orderId } }, ConsistentRead: true,
    }));
    calls.push({
      execution, state, outcome: answer.error ?? 'ok', input,
      orderStatusAtPayment: Item?.orderStatus?.S ?? null, quantityAtPayment: Item?.quantity?.N ?? null,
    });
    if (answer.error) throw new TaskError(answer.error, answer.cause ?? '');
    return answer.result;
  }

  const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  const retryIntervalOverrides = Object.fromEntries(Object.keys(tasks).map((name) => [name, 0]));

  const results = await Promise.all(request.executions.map(async (execution, index) => {
    const handlers = Object.fromEntries(Object.entries(tasks).map(([state, resource]) => [
      state,
      resource.startsWith('arn:aws:states:::dynamodb:')
        ? (input) => dynamodbTask(index, state, resource, input)
        : (input) => paymentTask(index, state, input),
    ]));
    const run = machine.run(execution.input, {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      context: {
        Execution: { Input: execution.input, StartTime: request.enteredTime },
        State: { EnteredTime: request.enteredTime },
      },
    });
    try {
      const output = await run.result;
      return { status: 'SUCCEEDED', output };
    } catch (e) {
      // The library wraps the execution's error in an ExecutionError.
      const error = e.name === 'ExecutionError' && e.cause ? e.cause : e;
      return { status: 'FAILED', error: error.name, cause: error.message };
    }
  }));

  return { executions: results, calls };
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  let answer;
  try {
    answer = await runWorkflow(JSON.parse(line));
  } catch (e) {
    // A failure of the script itself fails that one request, not the runs after it.
    answer = { scriptError: e.stack ?? String(e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
