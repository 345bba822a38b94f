// The local console: draws what /_orderflow/api/ answers. Every piece of data is gathered by the
// Java side (dev.orderflow.local.console); this file only fetches it, polls it and lays it out.
import React, { useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Graph } from './graph.jsx';
import './console.css';

const BASE = '/_orderflow';
const POLL_MS = 1500;

function api(path, options) {
  return fetch(`${BASE}/api/${path}`, { headers: { Accept: 'application/json' }, ...options })
    .then((response) => response.json().then((body) => {
      if (!response.ok) throw new Error(body.message || `HTTP ${response.status}`);
      return body;
    }));
}

/** The JSON at an API path, fetched again every POLL_MS while `live` holds. */
function usePoll(path, live = true) {
  const [state, setState] = useState({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return undefined;
    let cancelled = false;
    api(path).then((data) => !cancelled && setState({ data, error: null }),
      (error) => !cancelled && setState((old) => ({ data: old.data, error: error.message })));
    const timer = live ? setTimeout(() => setTick((t) => t + 1), POLL_MS) : null;
    return () => { cancelled = true; clearTimeout(timer); };
  }, [path, live, tick]);
  return state;
}

function navigate(path) {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event('orderflow-navigate'));
}

function Link({ to, children, className }) {
  return <a href={to} className={className} onClick={(e) => { e.preventDefault(); navigate(to); }}>{children}</a>;
}

const pretty = (text) => {
  if (text === null || text === undefined) return '';
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
};
const time = (value) => (value === null || value === undefined ? ''
  : new Date(typeof value === 'number' ? value * 1000 : value).toLocaleTimeString());

function Json({ value, label }) {
  return <pre className="json" aria-label={label}>{pretty(value)}</pre>;
}

function Section({ title, children, empty, className }) {
  return (
    <section className={`panel ${className || ''}`}>
      <h2>{title}</h2>
      {empty ? <p className="empty">{empty}</p> : children}
    </section>
  );
}

function Status({ value }) {
  return <span className={`status status-${(value || 'none').toLowerCase()}`}>{value || 'not yet'}</span>;
}

// ---------------------------------------------------------------------------------------------
// Orders

function Orders() {
  const { data } = usePoll('orders');
  const [id, setId] = useState('');
  return (
    <div>
      <h1>Orders</h1>
      <form className="find" onSubmit={(e) => { e.preventDefault(); if (id.trim()) navigate(`${BASE}/orders/${encodeURIComponent(id.trim())}`); }}>
        <input value={id} onChange={(e) => setId(e.target.value)} placeholder="an order id" aria-label="order id" />
        <button type="submit">Open its journey</button>
      </form>
      <Section title="Posted through the GraphQL endpoint, newest first" empty={data && data.orders.length === 0 ? 'No order was posted yet.' : null}>
        <table>
          <thead><tr><th>Order</th><th>Name</th><th>Status</th><th>Posted</th></tr></thead>
          <tbody>
            {(data?.orders || []).map((order) => (
              <tr key={order.id}>
                <td><Link to={`${BASE}/orders/${order.id}`}>{order.id}</Link></td>
                <td>{order.name}</td><td><Status value={order.status} /></td><td>{time(order.time)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

function Execution({ execution }) {
  const [selected, setSelected] = useState(null);
  const visits = execution.visits.filter((visit) => visit.name === selected);
  return (
    <div className="execution">
      <p>
        <strong>{execution.name}</strong> <Status value={execution.status} /> started {time(execution.startDate)}
        {execution.stopDate ? `, stopped ${time(execution.stopDate)}` : ''}
        {execution.error ? <span className="error"> {execution.error}: {execution.cause}</span> : null}
        {' '}<Link to={`${BASE}/workflows/${encodeURIComponent(execution.executionArn)}`}>history</Link>
      </p>
      <div className="graph-and-state">
        <Graph graph={execution.graph} visits={execution.visits} status={execution.status} selected={selected} onSelect={setSelected} />
        <div className="state-detail">
          {selected === null ? <p className="empty">Click a state for its input, output and task calls.</p> : null}
          {selected !== null && visits.length === 0 ? <p className="empty">{selected} was not entered.</p> : null}
          {visits.map((visit) => (
            <div key={visit.eventId} className="visit">
              <h3>{visit.name} <Status value={visit.status} /></h3>
              {visit.retries > 0 ? <p>{visit.retries} {visit.retries === 1 ? 'retry' : 'retries'}</p> : null}
              <h4>Input</h4><Json value={visit.input} />
              {visit.tasks.map((task, i) => (
                <div key={i} className="task">
                  <h4>Task request {visit.tasks.length > 1 ? `(attempt ${i + 1})` : ''}: {task.resource}</h4>
                  <Json value={task.request} />
                  {task.error ? <p className="error">{task.error}: {task.cause}</p> : <><h4>Answer</h4><Json value={task.answer} /></>}
                </div>
              ))}
              <h4>Output</h4><Json value={visit.output} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

function Journey({ id }) {
  const { data, error } = usePoll(`orders/${encodeURIComponent(id)}`);
  if (!data) return <p>{error || 'Loading...'}</p>;
  return (
    <div className="journey">
      <h1>Order {id}</h1>
      <p className="order-status">Status: <Status value={data.status} /></p>
      {!data.found ? <p className="empty">Nothing names this order yet: the page fills in as it arrives.</p> : null}
      <Section title="Row" empty={data.row ? null : 'No row yet.'}>
        <p>in table {data.table}</p>
        <table className="row"><tbody>
          {Object.entries(data.row || {}).map(([name, value]) => <tr key={name}><th>{name}</th><td>{String(value)}</td></tr>)}
        </tbody></table>
      </Section>
      <Section title="GraphQL requests" empty={data.requests.length === 0 ? 'No request named this order.' : null}>
        <ul>
          {data.requests.map((request) => (
            <li key={request.requestId}>
              {time(request.time)} {request.operationName || request.operationType} (HTTP {request.status})
              {request.errors.length > 0 ? <span className="error"> {request.errors.length} error(s)</span> : null}
              {' '}{request.trace ? <a href={request.trace} target="_blank" rel="noreferrer">trace {request.requestId}</a> : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Queue message" empty={data.message ? null : 'No message carried it yet.'}>
        {data.message ? <>
          <p>message {data.message.messageId} from {data.batch.eventSourceARN}, received {data.message.attributes?.ApproximateReceiveCount} time(s)</p>
          <Json value={data.message.body} label="message body" />
          <p>Carried in a pipe batch of {data.batch.size} message(s) to execution {data.batch.executionName}</p>
        </> : null}
      </Section>
      <Section title="Workflow" empty={data.executions.length === 0 ? 'No execution ran for it yet.' : null}>
        {data.executions.map((execution) => <Execution key={execution.executionArn} execution={execution} />)}
      </Section>
      <Section title="Payment" empty={data.invocations.length === 0 ? 'No function was invoked for it yet.' : null}>
        {data.invocations.map((call, i) => (
          <div key={i} className="task">
            <p>{call.state}: {call.resource}</p>
            <h4>Request</h4><Json value={call.request} />
            {call.error ? <p className="error">{call.error}: {call.cause}</p> : <><h4>Answer</h4><Json value={call.answer} /></>}
          </div>
        ))}
      </Section>
      <Section title="Table writes" empty={data.writes.length === 0 ? 'No write named it yet.' : null}>
        <table className="writes">
          <thead><tr><th>When</th><th>By</th><th>Write</th><th>Outcome</th><th>Stream record</th></tr></thead>
          <tbody>
            {data.writes.map((write, i) => (
              <tr key={i}>
                <td>{time(write.time)}</td><td>{write.source || write.caller}</td><td>{write.operation} {write.tableName}</td>
                <td>{write.applied ? 'applied' : <span className="error">{write.error}</span>}</td>
                <td>{write.streamRecord ? <details><summary>{write.streamRecord.eventName} #{write.streamRecord.dynamodb.SequenceNumber}</summary><Json value={write.streamRecord} /></details> : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="Email" empty={data.emails.length === 0 ? 'No email about it yet.' : null}>
        {data.emails.map((email) => (
          <div key={`${email.messageId}-${email.to}`} className="email">
            <p><strong>To:</strong> {email.to}</p>
            <p><strong>Subject:</strong> {email.subject || '(no subject)'}</p>
            <pre className="email-body">{email.body}</pre>
          </div>
        ))}
      </Section>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Tables

function Tables({ name }) {
  const { data } = usePoll('tables', false);
  const [key, setKey] = useState('');
  const [query, setQuery] = useState('');
  const [tokens, setTokens] = useState([null]);
  const token = tokens[tokens.length - 1];
  const itemsPath = name ? `tables/${encodeURIComponent(name)}/items?limit=25${token ? `&nextToken=${token}` : ''}${query ? `&key=${encodeURIComponent(query)}` : ''}` : null;
  const items = usePoll(itemsPath);
  const stream = usePoll(name ? `tables/${encodeURIComponent(name)}/stream${query ? `?key=${encodeURIComponent(query)}` : ''}` : null);
  const [item, setItem] = useState(null);
  useEffect(() => { setTokens([null]); setItem(null); }, [name, query]);
  return (
    <div>
      <h1>Tables</h1>
      <nav className="tabs">
        {(data?.tables || []).map((table) => (
          <Link key={table.name} to={`${BASE}/tables/${encodeURIComponent(table.name)}`} className={table.name === name ? 'active' : ''}>
            {table.name} ({table.itemCount})
          </Link>
        ))}
      </nav>
      {name ? <>
        <form className="find" onSubmit={(e) => { e.preventDefault(); setQuery(key.trim()); }}>
          <input value={key} onChange={(e) => setKey(e.target.value)} placeholder="partition key value" aria-label="partition key" />
          <button type="submit">Query</button>
          {query ? <button type="button" onClick={() => { setKey(''); setQuery(''); }}>Scan all</button> : null}
        </form>
        <Section title="Items">
          <ul className="items">
            {(items.data?.items || []).map((it, i) => (
              <li key={i}><button type="button" className="link" onClick={() => setItem(it)}>{summary(it)}</button></li>
            ))}
          </ul>
          <div className="paging">
            {tokens.length > 1 ? <button type="button" onClick={() => setTokens(tokens.slice(0, -1))}>Previous page</button> : null}
            {items.data?.nextToken ? <button type="button" onClick={() => setTokens([...tokens, items.data.nextToken])}>Next page</button> : null}
          </div>
          {item ? <><h3>Item</h3><Json value={item} label="item" /></> : null}
        </Section>
        <Section title="Stream records, newest first" empty={stream.data && stream.data.records.length === 0 ? 'No stream record.' : null}>
          {(stream.data?.records || []).map((record) => (
            <details key={record.eventID}><summary>{record.eventName} #{record.dynamodb.SequenceNumber} {JSON.stringify(record.dynamodb.Keys)}</summary><Json value={record} /></details>
          ))}
        </Section>
      </> : <p className="empty">Pick a table.</p>}
    </div>
  );
}

function summary(item) {
  return Object.entries(item).slice(0, 4).map(([k, v]) => `${k}=${Object.values(v)[0]}`).join(' ');
}

// ---------------------------------------------------------------------------------------------
// Queues

function Messages({ list }) {
  if (list.length === 0) return <p className="empty">No message.</p>;
  return (
    <table>
      <thead><tr><th>Message</th><th>Body</th><th>Receive count</th><th>First received</th></tr></thead>
      <tbody>
        {list.map((m) => (
          <tr key={m.messageId}><td>{m.messageId}</td><td><Json value={m.body} /></td><td>{m.receiveCount}</td><td>{time(m.firstReceived)}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

function Queues() {
  const { data } = usePoll('queues');
  const [messages, setMessages] = useState({});
  const [notes, setNotes] = useState({});
  const show = useCallback((queue) => api(`queues/${encodeURIComponent(queue.name)}/messages`)
    .then((answer) => setMessages((old) => ({ ...old, [queue.name]: answer.messages }))), []);
  const redrive = (queue) => api(`queues/${encodeURIComponent(queue.name)}/redrive`, { method: 'POST' })
    .then(() => { setNotes((old) => ({ ...old, [queue.name]: 'Redrive started: the messages go back to their source queue.' })); setMessages((old) => ({ ...old, [queue.name]: undefined })); },
      (error) => setNotes((old) => ({ ...old, [queue.name]: `Redrive refused: ${error.message}` })));
  const byArn = Object.fromEntries((data?.queues || []).map((q) => [q.arn, q.name]));
  return (
    <div>
      <h1>Queues</h1>
      <table className="queues">
        <thead><tr><th>Queue</th><th>Messages</th><th>In flight</th><th>Delayed</th><th>Dead-letter queue</th><th /></tr></thead>
        <tbody>
          {(data?.queues || []).map((queue) => (
            <tr key={queue.url} data-queue={queue.name}>
              <td>{queue.name}</td><td className="visible">{queue.visible}</td><td>{queue.inFlight}</td><td>{queue.delayed}</td>
              <td>{queue.deadLetterQueueArn ? `${byArn[queue.deadLetterQueueArn] || queue.deadLetterQueueArn} after ${queue.maxReceiveCount} receives` : queue.isDeadLetterQueue ? `dead-letter queue of ${queue.sourceQueueArns.map((arn) => byArn[arn] || arn).join(', ')}` : ''}</td>
              <td>{queue.isDeadLetterQueue ? null : <button type="button" onClick={() => show(queue)}>Show messages</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(data?.queues || []).filter((queue) => !queue.isDeadLetterQueue && messages[queue.name]).map((queue) => (
        <Section key={queue.url} title={`Messages of ${queue.name}`}>
          <Messages list={messages[queue.name]} />
        </Section>
      ))}
      {(data?.queues || []).filter((queue) => queue.isDeadLetterQueue).map((queue) => (
        <Section key={queue.url} title={`Dead-letter queue ${queue.name}`} className="dlq">
          <p>
            <button type="button" onClick={() => show(queue)}>Show messages</button>{' '}
            <button type="button" className="redrive" data-queue={queue.name} onClick={() => redrive(queue)}>Redrive to source</button>
          </p>
          {notes[queue.name] ? <p className="note">{notes[queue.name]}</p> : null}
          {messages[queue.name] ? <Messages list={messages[queue.name]} /> : null}
        </Section>
      ))}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Workflows

function Workflows({ arn }) {
  const machines = usePoll('workflows');
  const [machine, setMachine] = useState('');
  const [status, setStatus] = useState('');
  const list = usePoll(`executions?stateMachineArn=${encodeURIComponent(machine)}&status=${status}`);
  const one = usePoll(arn ? `executions/${encodeURIComponent(arn)}` : null);
  if (arn) {
    if (!one.data) return <p>{one.error || 'Loading...'}</p>;
    return (
      <div>
        <h1>Execution {one.data.name}</h1>
        <Execution execution={one.data} />
        <Section title="History">
          <table className="history">
            <thead><tr><th>Id</th><th>Previous</th><th>Type</th><th>Time</th><th>Details</th></tr></thead>
            <tbody>
              {one.data.events.map((event) => (
                <tr key={event.id}>
                  <td>{event.id}</td><td>{event.previousEventId}</td><td>{event.type}</td><td>{time(event.timestamp)}</td>
                  <td><Json value={Object.fromEntries(Object.entries(event).filter(([k]) => k.endsWith('EventDetails')))} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>
    );
  }
  return (
    <div>
      <h1>Workflows</h1>
      <table>
        <thead><tr><th>State machine</th><th>Type</th><th>Executions by status</th></tr></thead>
        <tbody>
          {(machines.data?.stateMachines || []).map((m) => (
            <tr key={m.stateMachineArn}>
              <td><button type="button" className="link" onClick={() => setMachine(m.stateMachineArn)}>{m.name}</button></td><td>{m.type}</td>
              <td>{Object.entries(m.counts).map(([s, n]) => `${s} ${n}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="find">
        <select value={status} onChange={(e) => setStatus(e.target.value)} aria-label="status">
          {['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'].map((s) => <option key={s} value={s}>{s || 'any status'}</option>)}
        </select>
        {machine ? <button type="button" onClick={() => setMachine('')}>All state machines</button> : null}
      </form>
      <Section title="Executions, newest first" empty={list.data && list.data.executions.length === 0 ? 'No execution.' : null}>
        <table>
          <thead><tr><th>Execution</th><th>State machine</th><th>Status</th><th>Started</th></tr></thead>
          <tbody>
            {(list.data?.executions || []).map((e) => (
              <tr key={e.executionArn}>
                <td><Link to={`${BASE}/workflows/${encodeURIComponent(e.executionArn)}`}>{e.name}</Link></td>
                <td>{e.stateMachineArn.split(':').pop()}</td><td><Status value={e.status} /></td><td>{time(e.startDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Outbox

function Outbox() {
  const { data } = usePoll('outbox');
  return (
    <div>
      <h1>Outbox</h1>
      {data && data.entries.length === 0 ? <p className="empty">Nothing was published yet.</p> : null}
      {(data?.entries || []).map((entry) => (
        <div key={`${entry.messageId}-${entry.kind}-${entry.to}`} className={`panel outbox-${entry.kind.toLowerCase()}`}>
          <p>
            <strong>{entry.kind === 'EMAIL' ? `Email to ${entry.to}` : `Published to ${entry.topicArn.split(':').pop()}`}</strong>
            {' '}{time(entry.at)}
            {entry.orderId ? <> for order <Link to={`${BASE}/orders/${entry.orderId}`}>{entry.orderId}</Link></> : null}
          </p>
          {entry.subject ? <p>Subject: {entry.subject}</p> : null}
          <pre className="email-body">{entry.body}</pre>
        </div>
      ))}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

const VIEWS = [['Orders', ''], ['Tables', 'tables'], ['Queues', 'queues'], ['Workflows', 'workflows'], ['Outbox', 'outbox']];

function route(pathname) {
  const rest = pathname.replace(/^\/_orderflow\/?/, '');
  const [view, ...more] = rest.split('/');
  const name = more.length > 0 ? decodeURIComponent(more.join('/')) : null;
  switch (view) {
    case 'orders': return ['', name ? <Journey key={name} id={name} /> : <Orders />];
    case 'tables': return ['tables', <Tables name={name} />];
    case 'queues': return ['queues', <Queues />];
    case 'workflows': return ['workflows', <Workflows key={name || ''} arn={name} />];
    case 'outbox': return ['outbox', <Outbox />];
    default: return ['', <Orders />];
  }
}

function App() {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener('orderflow-navigate', update);
    return () => { window.removeEventListener('popstate', update); window.removeEventListener('orderflow-navigate', update); };
  }, []);
  const [active, view] = route(path);
  return (
    <>
      <header>
        <span className="brand">OrderFlow local console</span>
        <nav>
          {VIEWS.map(([label, view]) => (
            <Link key={label} to={`${BASE}/${view}`} className={active === view ? 'active' : ''}>{label}</Link>
          ))}
        </nav>
      </header>
      <main>{view}</main>
    </>
  );
}

createRoot(document.getElementById('console')).render(<App />);
