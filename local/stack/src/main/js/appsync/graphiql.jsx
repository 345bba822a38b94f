// The GraphiQL page of the local GraphQL endpoint. Everything it runs is bundled into the jar at build
// time, so it works with no network. The server puts the API key into the page; the key is sent as
// x-api-key, and can be changed in the Headers pane.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';

const settings = JSON.parse(document.getElementById('orderflow-settings').textContent);

async function fetcher(params, options) {
  const response = await fetch(settings.graphqlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return response.json();
}

const defaultHeaders = settings.apiKey ? JSON.stringify({ 'x-api-key': settings.apiKey }, null, 2) : '{}';

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultHeaders,
    headers: defaultHeaders,
    shouldPersistHeaders: false,
    defaultQuery: settings.defaultQuery,
  }),
);
