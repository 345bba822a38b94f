// Amplify v6, as an app uses it, against orderflow-local's GraphQL endpoint: a subscription over
// AppSync's real-time protocol (which Amplify always opens with wss://, so the endpoint's
// certificate authority comes in through NODE_EXTRA_CA_CERTS) receives the updates that mutations
// publish. The Java test that starts the endpoint runs this file and passes it:
//   ORDERFLOW_GRAPHQL_URL  e.g. http://127.0.0.1:8080/graphql
//   ORDERFLOW_API_KEY      an API key of the API
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';

const endpoint = process.env.ORDERFLOW_GRAPHQL_URL;
const apiKey = process.env.ORDERFLOW_API_KEY;

const onUpdate = `subscription OnUpdate($id: ID) { onUpdate(id: $id) { id owner status } }`;
const postUpdate = `mutation Post($id: ID!, $status: String!) { postUpdate(id: $id, status: $status) { id owner status quantity } }`;

test('an Amplify subscription receives the updates of its order in order', { timeout: 30_000 }, async () => {
  assert.ok(endpoint && apiKey, 'ORDERFLOW_GRAPHQL_URL and ORDERFLOW_API_KEY must be set');
  Amplify.configure({
    API: { GraphQL: { endpoint, region: 'us-east-1', defaultAuthMode: 'apiKey', apiKey } },
  });
  const client = generateClient();
  const received = [];
  let started;
  const ready = new Promise((resolve) => { started = resolve; });
  let done;
  const twoUpdates = new Promise((resolve, reject) => {
    done = { resolve, reject };
  });
  const subscription = client.graphql({ query: onUpdate, variables: { id: 'amplify-1' } }).subscribe({
    next: ({ data }) => {
      received.push(data.onUpdate);
      if (received.length === 2) done.resolve();
    },
    error: (error) => done.reject(new Error(`subscription failed: ${JSON.stringify(error)}`)),
  });
  // Amplify reports the connection's state through its Hub; the start_ack arrives shortly after.
  const { Hub } = await import('aws-amplify/utils');
  const stop = Hub.listen('api', ({ payload }) => {
    if (payload.event === 'ConnectionStateChange' && payload.data.connectionState === 'Connected') started();
  });
  await Promise.race([ready, new Promise((r) => setTimeout(r, 5_000))]);
  stop();
  await new Promise((r) => setTimeout(r, 500));

  await client.graphql({ query: postUpdate, variables: { id: 'amplify-2', status: 'PENDING' } });
  await client.graphql({ query: postUpdate, variables: { id: 'amplify-1', status: 'PENDING' } });
  await client.graphql({ query: postUpdate, variables: { id: 'amplify-1', status: 'SUCCESS' } });
  await twoUpdates;
  subscription.unsubscribe();

  assert.deepEqual(received, [
    { id: 'amplify-1', owner: 'anonymous', status: 'PENDING' },
    { id: 'amplify-1', owner: 'anonymous', status: 'SUCCESS' },
  ]);
});
