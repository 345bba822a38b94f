// The query inspector and the resolver evaluator: two side panes of the local GraphiQL page.
//
// "Request traces" shows what the endpoint recorded of each GraphQL request (GET /_orderflow/requests):
// the latest run opens by itself; every resolver in the order it ran, pipelines with their functions
// and the stash each was given, each step's context, request, data source calls, result, errors and
// logs, and the time of each step. "Resolver evaluator" runs the code of any resolver or function of
// the API through AppSync's EvaluateCode, against the context it was given in a recorded request or
// a typed one. Both read only the endpoint's JSON, so what they show can be fetched by any client too.
import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { usePluginStore } from '@graphiql/react';
import './inspector.css';

const settings = JSON.parse(document.getElementById('orderflow-settings').textContent);

export const TRACES = 'Request traces';
export const EVALUATOR = 'Resolver evaluator';

// What the page ran last, and who wants to know: the traces pane follows it, the toolbar opens it.
const runs = { latest: null, listeners: new Set(), evaluate: null, evaluateListeners: new Set() };

/** Called by the page's fetcher with the x-amzn-RequestId of each answer. */
export function noteRun(requestId) {
  runs.latest = requestId;
  runs.listeners.forEach((listener) => listener(requestId));
}

function useLatestRun() {
  const [latest, setLatest] = useState(runs.latest);
  useEffect(() => {
    runs.listeners.add(setLatest);
    return () => runs.listeners.delete(setLatest);
  }, []);
  return latest;
}

/** Asks the evaluator to show a resolver or function, with the context of one recorded request. */
function openInEvaluator(target) {
  runs.evaluate = target;
  runs.evaluateListeners.forEach((listener) => listener(target));
}

async function getJson(path) {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body?.errors?.[0]?.message ?? body?.message ?? `${response.status} ${response.statusText}`);
  }
  return body;
}

const pretty = (value) => JSON.stringify(value, null, 2);
const ms = (value) => `${Number(value ?? 0).toFixed(value >= 10 ? 0 : 2)} ms`;

function where(error) {
  const at = error?.location;
  const handler = error?.handler ? `${error.handler} handler` : '';
  if (!at) return handler;
  return `${handler}${handler ? ', ' : ''}line ${at.line}, column ${at.column}`;
}

function Json({ label, value, open = false, className = '' }) {
  if (value === null || value === undefined) return null;
  return (
    <details className={`of-section ${className}`} open={open}>
      <summary>{label}</summary>
      <pre className="of-json">{typeof value === 'string' ? value : pretty(value)}</pre>
    </details>
  );
}

function ErrorLine({ error }) {
  if (!error) return null;
  const at = where(error);
  return (
    <div className="of-error" role="alert">
      <strong>{error.errorType ?? 'Error'}</strong>
      {at ? <span className="of-error-at"> ({at})</span> : null}
      {': '}
      <span className="of-error-message">{error.message}</span>
      {error.errorInfo ? <pre className="of-json">errorInfo: {pretty(error.errorInfo)}</pre> : null}
      {error.data ? <pre className="of-json">data: {pretty(error.data)}</pre> : null}
    </div>
  );
}

function Step({ step, requestId }) {
  const failed = Boolean(step.error) || (step.appendedErrors?.length ?? 0) > 0
    || (step.functions ?? []).some((f) => f.error);
  const dataSource = step.dataSource;
  return (
    <details className={`of-step${failed ? ' of-failed' : ''}`} data-path={step.path} data-name={step.name}
      data-kind={step.kind} open={failed || step.kind !== 'FUNCTION'}>
      <summary>
        <span className="of-kind">{step.kind}</span>
        <span className="of-name">{step.kind === 'FUNCTION' ? step.name : step.path}</span>
        {step.kind !== 'FUNCTION' ? <span className="of-muted"> {step.name}</span> : null}
        {dataSource ? <span className="of-muted"> · {dataSource.name} ({dataSource.type})</span> : null}
        <span className="of-time">{ms(step.timings?.totalMs)}</span>
      </summary>
      <div className="of-step-body">
        <div className="of-timings">
          request {ms(step.timings?.requestMs)} · data source {ms(step.timings?.dataSourceMs)}
          {' · '}response {ms(step.timings?.responseMs)}
          {' · '}
          <button type="button" className="of-link" onClick={() => openInEvaluator({ name: step.name, requestId })}>
            evaluate this code
          </button>
        </div>
        <ErrorLine error={step.error} />
        {(step.appendedErrors ?? []).map((e, i) => <ErrorLine key={i} error={e} />)}
        {step.kind === 'FUNCTION' && step.context
          ? <Json label="stash given" value={step.context.stash} open className="of-stash" /> : null}
        <Json label="context (given to request)" value={step.context} />
        <Json label="request (returned by request)" value={step.request} />
        {dataSource && dataSource.calls?.length > 0
          ? <Json label={`data source calls (${dataSource.calls.length})`} value={dataSource.calls} /> : null}
        <Json label="response (given to response)" value={step.response} />
        <Json label="result" value={step.result} open={!failed} />
        {step.logs?.length > 0 ? (
          <details className="of-section of-logs" open>
            <summary>logs ({step.logs.length})</summary>
            <pre className="of-json">{step.logs.join('\n')}</pre>
          </details>
        ) : null}
        {step.functions?.length > 0 ? (
          <div className="of-functions">
            <div className="of-muted">functions, in the order they ran</div>
            {step.functions.map((f, i) => <Step key={i} step={f} requestId={requestId} />)}
          </div>
        ) : null}
      </div>
    </details>
  );
}

export function TraceView({ trace }) {
  return (
    <div className="of-trace" data-request-id={trace.requestId}>
      <div className="of-trace-head">
        <strong>{trace.operationType ?? 'request'} {trace.operationName ?? '(anonymous)'}</strong>
        <span className="of-muted"> · HTTP {trace.status} · {ms(trace.durationMs)} · {trace.authMode ?? 'refused'}</span>
        <div className="of-muted of-small">{trace.time} · {trace.requestId}</div>
      </div>
      {(trace.errors ?? []).map((e, i) => <ErrorLine key={i} error={e} />)}
      <Json label="caller" value={trace.caller} />
      <Json label="variables" value={trace.variables} />
      <Json label="query" value={trace.query} />
      <div className="of-resolvers">
        {trace.resolvers.length === 0 ? <div className="of-muted">No resolver ran.</div> : null}
        {trace.resolvers.map((r, i) => <Step key={i} step={r} requestId={trace.requestId} />)}
      </div>
    </div>
  );
}

function TracesPane() {
  const latest = useLatestRun();
  const [list, setList] = useState([]);
  const [selected, setSelected] = useState(latest);
  const [trace, setTrace] = useState(null);
  const [problem, setProblem] = useState(null);
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [operation, setOperation] = useState('');

  const refresh = useCallback(async () => {
    const query = new URLSearchParams({ limit: '30' });
    if (errorsOnly) query.set('errors', 'true');
    if (operation.trim()) query.set('operation', operation.trim());
    try {
      setList((await getJson(`${settings.requestsPath}?${query}`)).requests);
      setProblem(null);
    } catch (e) {
      setProblem(e.message);
    }
  }, [errorsOnly, operation]);

  useEffect(() => {
    setSelected(latest);
  }, [latest]);
  useEffect(() => {
    refresh();
  }, [refresh, latest]);
  useEffect(() => {
    if (!selected) {
      setTrace(null);
      return;
    }
    getJson(`${settings.requestsPath}/${encodeURIComponent(selected)}`)
      .then((t) => { setTrace(t); setProblem(null); })
      .catch((e) => { setTrace(null); setProblem(e.message); });
  }, [selected]);

  return (
    <div className="of-pane of-traces">
      <div className="graphiql-doc-explorer-title">{TRACES}</div>
      {problem ? <div className="of-error">{problem}</div> : null}
      {trace ? <TraceView trace={trace} />
        : <div className="of-muted">Run an operation, or pick a request below, to see what its resolvers did.</div>}
      <h3 className="of-heading">Recent requests</h3>
      <div className="of-filters">
        <label><input type="checkbox" checked={errorsOnly} onChange={(e) => setErrorsOnly(e.target.checked)} />
          {' '}errors only</label>
        <input type="text" placeholder="operation or field" value={operation}
          onChange={(e) => setOperation(e.target.value)} />
        <button type="button" className="of-button" onClick={refresh}>Refresh</button>
      </div>
      <ul className="of-recent">
        {list.map((r) => (
          <li key={r.requestId}>
            <button type="button" data-request-id={r.requestId}
              className={`of-recent-item${r.requestId === selected ? ' of-selected' : ''}${
                r.errors.length > 0 || r.status >= 400 ? ' of-failed' : ''}`}
              onClick={() => setSelected(r.requestId)}>
              <span>{r.operationType ?? '?'} {r.operationName ?? '(anonymous)'}</span>
              <span className="of-muted"> {new Date(r.time).toLocaleTimeString()} · {r.status} · {ms(r.durationMs)}
                {r.errors.length > 0 ? ` · ${r.errors.length} error${r.errors.length > 1 ? 's' : ''}` : ''}</span>
            </button>
          </li>
        ))}
      </ul>
      <p className="of-muted of-small">
        As JSON: <a href={settings.requestsPath} target="_blank" rel="noreferrer">{settings.requestsPath}</a>
        {' · '}<a href={settings.resolversPath} target="_blank" rel="noreferrer">{settings.resolversPath}</a>
      </p>
    </div>
  );
}

function Code({ code, error }) {
  const line = error?.location?.line;
  const lines = code.split('\n');
  return (
    <pre className="of-code">
      {lines.map((text, i) => (
        <div key={i} className={i + 1 === line ? 'of-code-line of-line-error' : 'of-code-line'} data-line={i + 1}>
          <span className="of-line-number">{i + 1}</span>
          {text || ' '}
          {i + 1 === line ? (
            <div className="of-line-marker">{' '.repeat(Math.max(0, (error.location.column ?? 1) - 1))}
              {'^'.repeat(Math.max(1, error.location.span ?? 1))} {error.message}</div>
          ) : null}
        </div>
      ))}
    </pre>
  );
}

function contextFor(described, handler) {
  const recorded = described?.recorded;
  const context = recorded?.[handler] ?? recorded?.request;
  if (context) return pretty(context);
  return pretty(handler === 'response'
    ? { arguments: {}, identity: null, source: null, stash: {}, prev: { result: null }, result: {} }
    : { arguments: {}, identity: null, source: null, stash: {}, prev: { result: null } });
}

function EvaluatorPane() {
  const [resolvers, setResolvers] = useState([]);
  const [name, setName] = useState(runs.evaluate?.name ?? '');
  const [requestId, setRequestId] = useState(runs.evaluate?.requestId ?? null);
  const [described, setDescribed] = useState(null);
  const [handler, setHandler] = useState('request');
  const [context, setContext] = useState('');
  const [code, setCode] = useState('');
  const [editing, setEditing] = useState(false);
  const [answer, setAnswer] = useState(null);
  const [problem, setProblem] = useState(null);

  useEffect(() => {
    getJson(settings.resolversPath).then((r) => {
      setResolvers(r.resolvers);
      setName((current) => current || r.resolvers[0]?.name || '');
    }).catch((e) => setProblem(e.message));
    const listener = (target) => {
      setName(target.name);
      setRequestId(target.requestId);
    };
    runs.evaluateListeners.add(listener);
    return () => runs.evaluateListeners.delete(listener);
  }, []);
  useEffect(() => {
    if (!name) return;
    const from = requestId ? `?requestId=${encodeURIComponent(requestId)}` : '';
    getJson(`${settings.resolversPath}/${encodeURIComponent(name)}${from}`).then((d) => {
      setDescribed(d);
      setCode(d.code);
      setContext(contextFor(d, handler));
      setAnswer(null);
      setProblem(null);
    }).catch((e) => setProblem(e.message));
    // The handler is read once per resolver; changing it below refills the context itself.
  }, [name, requestId]); // eslint-disable-line react-hooks/exhaustive-deps

  const chooseHandler = (next) => {
    setHandler(next);
    setContext(contextFor(described, next));
  };

  const run = async () => {
    setProblem(null);
    try {
      const response = await fetch(settings.evaluatePath, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          runtime: { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' }, code, context, function: handler,
        }),
      });
      const body = await response.json();
      if (!response.ok) throw new Error(body.message ?? `${response.status}`);
      setAnswer(body);
    } catch (e) {
      setAnswer(null);
      setProblem(e.message);
    }
  };

  const codeError = answer?.error?.codeErrors?.[0];
  const parsed = useMemo(() => {
    const read = (text) => {
      try {
        return text === undefined ? undefined : JSON.parse(text);
      } catch {
        return text;
      }
    };
    return answer ? { result: read(answer.evaluationResult), stash: read(answer.stash), outErrors: read(answer.outErrors) }
      : null;
  }, [answer]);

  return (
    <div className="of-pane of-evaluator">
      <div className="graphiql-doc-explorer-title">{EVALUATOR}</div>
      <label className="of-field">
        resolver or function
        <select value={name} onChange={(e) => { setRequestId(null); setName(e.target.value); }} className="of-resolver-select">
          {resolvers.map((r) => (
            <option key={r.name} value={r.name}>{r.kind === 'FUNCTION' ? `function ${r.name}` : r.name} ({r.kind})</option>
          ))}
        </select>
      </label>
      {described ? (
        <div className="of-muted of-small">
          {described.dataSource ? `data source ${described.dataSource.name} (${described.dataSource.type})` : 'no data source'}
          {described.functions ? ` · functions: ${described.functions.join(', ')}` : ''}
          {described.usedBy ? ` · used by ${described.usedBy.join(', ')}` : ''}
          {' · '}
          {described.recorded
            ? `context from ${described.recorded.operationName ?? 'a request'} at ${described.recorded.time}`
            : 'no recorded request ran it yet: the context is an empty one'}
        </div>
      ) : null}
      <div className="of-code-head">
        <span>code</span>
        <button type="button" className="of-link" onClick={() => setEditing(!editing)}>
          {editing ? 'show lines' : 'edit'}
        </button>
      </div>
      {editing
        ? <textarea className="of-textarea of-code-edit" value={code} onChange={(e) => setCode(e.target.value)} rows={16} />
        : <Code code={code} error={codeError} />}
      <div className="of-filters">
        <label><input type="radio" name="of-handler" checked={handler === 'request'}
          onChange={() => chooseHandler('request')} /> request</label>
        <label><input type="radio" name="of-handler" checked={handler === 'response'}
          onChange={() => chooseHandler('response')} /> response</label>
      </div>
      <label className="of-field">
        context
        <textarea className="of-textarea of-context" value={context} onChange={(e) => setContext(e.target.value)}
          rows={10} />
      </label>
      <button type="button" className="of-button of-run" onClick={run}>Run {handler}</button>
      {problem ? <div className="of-error" role="alert">{problem}</div> : null}
      {answer ? (
        <div className="of-answer">
          {answer.error ? (
            <div className="of-error" role="alert">
              <strong>{codeError?.errorType ?? 'Error'}</strong>
              {codeError?.location ? ` (line ${codeError.location.line}, column ${codeError.location.column})` : ''}
              {': '}{answer.error.message}
            </div>
          ) : null}
          {answer.evaluationResult !== undefined
            ? <Json label="evaluationResult" value={parsed.result} open className="of-result" /> : null}
          <details className="of-section of-logs" open>
            <summary>logs ({answer.logs?.length ?? 0})</summary>
            <pre className="of-json">{(answer.logs ?? []).join('\n')}</pre>
          </details>
          {parsed.outErrors?.length > 0 ? <Json label="outErrors" value={parsed.outErrors} open /> : null}
          <Json label="stash" value={parsed.stash} />
        </div>
      ) : null}
      <p className="of-muted of-small">
        As JSON: <a href={`${settings.resolversPath}/${encodeURIComponent(name)}`} target="_blank"
          rel="noreferrer">{settings.resolversPath}/{name}</a>; runs go to EvaluateCode, {settings.evaluatePath}
      </p>
    </div>
  );
}

function TracesIcon(props) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" {...props}>
      <path d="M4 5h16M7 10h13M10 15h10M13 20h7" />
      <circle cx="4" cy="10" r="1" /><circle cx="7" cy="15" r="1" /><circle cx="10" cy="20" r="1" />
    </svg>
  );
}

function EvaluatorIcon(props) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" {...props}>
      <path d="M8 6l-5 6 5 6M16 6l5 6-5 6M14 4l-4 16" />
    </svg>
  );
}

export const tracesPlugin = { title: TRACES, icon: TracesIcon, content: TracesPane };
export const evaluatorPlugin = { title: EVALUATOR, icon: EvaluatorIcon, content: EvaluatorPane };

/**
 * Opens a side pane as its button in GraphiQL's sidebar does: GraphiQL sizes the pane only then
 * (setting the visible pane alone leaves a pane that was hidden at zero width).
 */
function showPane(title) {
  document.querySelector(`.graphiql-sidebar button[aria-label="Show ${title}"]`)?.click();
}

/**
 * A toolbar button that opens the trace of the last run; after each run it opens the traces pane
 * by itself unless another pane is open. "evaluate this code" in a trace opens the evaluator, and
 * the page opens with the pane its settings name, if any.
 */
export function TraceButton() {
  const latest = useLatestRun();
  const visible = usePluginStore((store) => store.visiblePlugin);
  useEffect(() => {
    if (latest && !visible) showPane(TRACES);
  }, [latest]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    const listener = () => showPane(EVALUATOR);
    runs.evaluateListeners.add(listener);
    // After GraphiQL's own effects, which hide the side pane when the page opens.
    const opening = settings.openPane ? setTimeout(() => showPane(settings.openPane), 50) : null;
    return () => {
      clearTimeout(opening);
      runs.evaluateListeners.delete(listener);
    };
  }, []);
  return (
    <button type="button" className="graphiql-toolbar-button of-trace-button" aria-label="Show the trace of the last run"
      title="Show the trace of the last run" onClick={() => showPane(TRACES)}>
      <TracesIcon className="graphiql-toolbar-icon" aria-hidden="true" />
    </button>
  );
}
