// A workflow drawn as the Step Functions console draws one: the Java side lays out the states
// (graph.nodes with x and y, graph.edges); this draws them, marks the path the execution took, and
// colours each visited state by how its last visit ended.
import React from 'react';

const STATUS_CLASS = { SUCCEEDED: 'succeeded', FAILED: 'failed', CAUGHT: 'caught', RUNNING: 'running' };

export function Graph({ graph, visits, status, selected, onSelect }) {
  const byName = Object.fromEntries(graph.nodes.map((node) => [node.name, node]));
  const lastVisit = {};
  visits.forEach((visit) => { lastVisit[visit.name] = visit; });
  // The transitions taken: Start to the first state, one state to the next, the last to End.
  const names = visits.map((visit) => visit.name).filter((name) => byName[name]);
  const taken = new Set();
  if (names.length > 0) taken.add(`Start>${names[0]}`);
  const edges = new Set(graph.edges.map((edge) => `${edge.from}>${edge.to}`));
  // A step from the last state of a Map or Parallel to the state after it leaves from the box.
  const takenFrom = (from, to) => {
    for (let at = from; at; at = byName[at]?.parent) {
      if (edges.has(`${at}>${to}`)) { taken.add(`${at}>${to}`); return; }
    }
  };
  names.forEach((name, i) => { if (i > 0) takenFrom(names[i - 1], name); });
  if (names.length > 0 && (status === 'SUCCEEDED' || status === 'FAILED')) takenFrom(names[names.length - 1], 'End');
  const nodeClass = (node) => {
    if (node.type === 'Start' || node.type === 'End') {
      const reached = node.type === 'Start' ? names.length > 0 : [...taken].some((edge) => edge.endsWith('>End'));
      return `node terminal ${reached ? (node.type === 'End' && status === 'FAILED' ? 'failed' : 'succeeded') : ''}`;
    }
    const visit = lastVisit[node.name];
    return `node ${visit ? STATUS_CLASS[visit.status] || 'succeeded' : 'not-visited'} ${selected === node.name ? 'selected' : ''}`;
  };
  const drawNode = (node) => (
    <g key={node.name} className={`${nodeClass(node)} ${node.container ? 'container' : ''}`} data-state={node.name}
      onClick={() => { if (node.type !== 'Start' && node.type !== 'End') onSelect(node.name); }}>
      <rect x={node.x} y={node.y} width={node.width} height={node.height} rx={node.type === 'Start' || node.type === 'End' ? 18 : 4} />
      <text x={node.x + node.width / 2} y={node.container ? node.y + 16 : node.y + node.height / 2} dominantBaseline="middle" textAnchor="middle">{node.container ? `${node.name} (${node.type})` : node.name}</text>
      <title>{`${node.name} (${node.type})${lastVisit[node.name] ? `: ${lastVisit[node.name].status}` : ''}`}</title>
    </g>
  );
  return (
    <svg className="workflow-graph" width={graph.width} height={graph.height} viewBox={`0 0 ${graph.width} ${graph.height}`} role="img" aria-label="workflow graph">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      </defs>
      {graph.nodes.filter((node) => node.container).map(drawNode)}
      {graph.edges.map((edge) => {
        const from = byName[edge.from];
        const to = byName[edge.to];
        if (!from || !to) return null;
        const x1 = from.x + from.width / 2;
        const y1 = from.y + from.height;
        const x2 = to.x + to.width / 2;
        const y2 = edge.back ? to.y + to.height / 2 : to.y;
        const path = edge.back
          ? `M ${from.x + from.width} ${from.y + from.height / 2} C ${graph.width} ${from.y}, ${graph.width} ${to.y}, ${to.x + to.width} ${y2}`
          : `M ${x1} ${y1} C ${x1} ${(y1 + y2) / 2}, ${x2} ${(y1 + y2) / 2}, ${x2} ${y2}`;
        const isTaken = taken.has(`${edge.from}>${edge.to}`);
        return <path key={`${edge.from}>${edge.to}`} d={path} className={`edge edge-${edge.kind} ${isTaken ? 'taken' : ''}`} markerEnd="url(#arrow)" />;
      })}
      {graph.nodes.filter((node) => !node.container).map(drawNode)}
    </svg>
  );
}
