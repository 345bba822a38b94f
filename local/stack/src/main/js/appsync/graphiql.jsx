// The GraphiQL page of the local GraphQL endpoint. Everything it runs is bundled into the jar at build
// time, so it works with no network. The server puts the API key into the page; the key is sent as
// x-api-key, and can be changed in the Headers pane. Subscriptions run over AppSync's real-time
// protocol on the same port, as an AppSync client runs them. Two side panes (inspector.jsx) show the
// trace of each run and run a resolver's code through EvaluateCode.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { parse } from 'graphql';
import 'graphiql/graphiql.css';
import { TraceButton, evaluatorPlugin, noteRun, tracesPlugin } from './inspector.jsx';

const settings = JSON.parse(document.getElementById('orderflow-settings').textContent);

function isSubscription(params) {
  try {
    const operations = parse(params.query).definitions.filter((d) => d.kind === 'OperationDefinition');
    const chosen = operations.find((o) => o.name?.value === params.operationName) ?? operations[0];
    return chosen?.operation === 'subscription';
  } catch {
    return false;
  }
}

function base64Url(text) {
  return btoa(unescape(encodeURIComponent(text))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

// An AppSync real-time subscription as an async iterable of results, for GraphiQL's results pane.
function subscribe(params, headers) {
  const authorization = { host: window.location.host, ...headers };
  delete authorization['content-type'];
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${window.location.host}${settings.graphqlPath}/realtime`,
    ['graphql-ws', `header-${base64Url(JSON.stringify(authorization))}`]);
  const id = crypto.randomUUID();
  const queue = [];
  let wake = null;
  let done = false;
  const push = (item) => {
    queue.push(item);
    if (wake) {
      wake();
      wake = null;
    }
  };
  socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init' }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'connection_ack') {
      socket.send(JSON.stringify({
        id,
        type: 'start',
        payload: {
          data: JSON.stringify({ query: params.query, variables: params.variables ?? {} }),
          extensions: { authorization },
        },
      }));
    } else if (message.type === 'data') {
      push({ value: message.payload });
    } else if (message.type === 'error' || message.type === 'connection_error') {
      push({ value: { errors: message.payload?.errors ?? [message.payload] }, last: true });
    } else if (message.type === 'complete') {
      push({ last: true });
    }
  };
  socket.onclose = () => push({ last: true });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done) {
        if (queue.length > 0) {
          const item = queue.shift();
          if (item.last) {
            done = true;
            socket.close();
            return item.value ? { value: item.value, done: false } : { value: undefined, done: true };
          }
          return { value: item.value, done: false };
        }
        await new Promise((resolve) => { wake = resolve; });
      }
      return { value: undefined, done: true };
    },
    async return() {
      done = true;
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ id, type: 'stop' }));
      }
      socket.close();
      return { value: undefined, done: true };
    },
  };
}

async function fetcher(params, options) {
  // GraphiQL fetches the schema as the page opens, sometimes before its Headers pane exists, and then
  // sends no headers: the page's own (its API key) are sent instead.
  const given = options?.headers ?? (params.operationName === 'IntrospectionQuery' ? JSON.parse(defaultHeaders) : {});
  const headers = { 'content-type': 'application/json', ...given };
  if (isSubscription(params)) {
    return subscribe(params, headers);
  }
  const response = await fetch(settings.graphqlPath, {
    method: 'POST',
    headers,
    body: JSON.stringify(params),
  });
  const answer = await response.json();
  // GraphiQL's own requests (the schema's introspection) are traced too, but only runs open the trace.
  if (params.operationName !== 'IntrospectionQuery') {
    noteRun(response.headers.get('x-amzn-RequestId'));
  }
  return answer;
}

if (settings.consoleUrl) document.body.append(Object.assign(document.createElement('a'), { id: 'orderflow-console-link', href: settings.consoleUrl, textContent: 'Local console: order journeys, tables, queues, workflows' }));
const defaultHeaders = settings.apiKey ? JSON.stringify({ 'x-api-key': settings.apiKey }, null, 2) : '{}';

const plugins = [tracesPlugin, evaluatorPlugin];

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultHeaders,
    headers: defaultHeaders,
    shouldPersistHeaders: false,
    defaultQuery: settings.defaultQuery,
    plugins,
  }, React.createElement(GraphiQL.Toolbar, null, ({ prettify, merge, copy }) => React.createElement(React.Fragment, null,
    prettify, merge, copy, React.createElement(TraceButton)))),
);
