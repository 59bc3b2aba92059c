/**
 * The dashboard app: one namespace's live objects (snapshot + watch changes from the server), drawn as the
 * seed's architecture, with details, events, actions and the traffic generator.
 */
import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { openStream, postJson } from './api.js';
import { DetailsPanel } from './details.js';
import { EventsFeed } from './events-feed.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';
import { applyChanges, emptyState, fromSnapshot, pruneLeaving } from './model.js';
import { ThemeToggle } from './theme.js';
import { Legend, Topology, topologyCommand } from './topology.js';
import { TrafficPanel } from './traffic-panel.js';

const hashNamespace = () => new URLSearchParams(location.hash.slice(1)).get('ns') ?? '';

function NamespaceSelect({ state, onChange }) {
  const names = [...state.objects.namespaces.keys()].sort();
  if (state.namespace && !names.includes(state.namespace)) names.unshift(state.namespace);
  return html`<div class="namespace">
    <label for="namespace">Namespace</label>
    <select id="namespace" value=${state.namespace} onChange=${(e) => onChange(e.currentTarget.value)}>
      ${names.map((n) => html`<option key=${n} value=${n}>${n}</option>`)}
    </select>
  </div>`;
}

function LastCommand({ result }) {
  return html`<footer class="last-command" role="status" data-testid="last-command">
    ${result?.error && html`<span class="error">${result.error}</span>`}
    ${result?.message && html`<span>${result.message}.</span>`}
    ${result?.kubectl && html`<span>With kubectl: <code class="command" data-testid="result-command">${result.kubectl}</code></span>`}
    ${!result && html`<span class="note">Actions show the kubectl command that does the same.</span>`}
  </footer>`;
}

function App() {
  const [requested, setRequested] = useState(hashNamespace);
  const [state, setState] = useState(() => emptyState(requested));
  const [traffic, setTraffic] = useState(undefined);
  const [connection, setConnection] = useState('connecting');
  const [selection, setSelection] = useState(null);
  const [result, setResult] = useState(null);

  useEffect(() => {
    setState(emptyState(requested));
    setSelection(null);
    return openStream(requested, {
      snapshot: (s) => {
        setState(fromSnapshot(s));
        history.replaceState(null, '', `${location.pathname}#ns=${encodeURIComponent(s.namespace)}`);
      },
      changes: (changes) => setState((st) => applyChanges(st, changes)),
      traffic: setTraffic,
      status: setConnection,
    });
  }, [requested]);

  useEffect(() => {
    const timer = setInterval(() => setState((st) => pruneLeaving(st)), 250);
    return () => clearInterval(timer);
  }, []);

  // Closing the details (Close, or Escape anywhere) returns focus to the card they belong to.
  const closeDetails = useCallback(() => {
    if (!selection) return;
    setSelection(null);
    const id = `title-${selection.resource}/${selection.name}`;
    requestAnimationFrame(() => document.getElementById(id)?.focus());
  }, [selection]);
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && closeDetails();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [closeDetails]);

  const onAction = useCallback(async (body, command) => {
    setResult({ message: 'Working…', kubectl: command });
    try {
      setResult(await postJson('/api/actions', body));
    } catch (err) {
      setResult({ error: err.message, kubectl: command });
    }
  }, []);
  const onDelete = useCallback(
    (node) => {
      const ns = node.obj.metadata.namespace;
      onAction({ action: 'delete-pod', namespace: ns, name: node.name }, kubectl.deletePod(ns, node.name));
    },
    [onAction],
  );
  const onSelect = useCallback(
    (node) => setSelection((cur) => (cur?.resource === node.resource && cur.name === node.name ? null : node)),
    [],
  );
  const onTraffic = useCallback(async (body) => {
    try {
      await postJson('/api/traffic', body);
    } catch (err) {
      setResult({ error: err.message });
    }
  }, []);

  const selectedId = selection ? `${selection.resource}/${selection.name}` : undefined;
  return html`<div class="app">
    <header class="bar">
      <h1>kubeling <span>dashboard</span></h1>
      <${NamespaceSelect} state=${state} onChange=${setRequested} />
      <${TrafficPanel} state=${state} traffic=${traffic} onTraffic=${onTraffic} />
      <span class="connection" data-state=${connection} role="status">${connection}</span>
      <${ThemeToggle} />
    </header>
    <main>
      <section class="canvas" aria-label=${`Topology of namespace ${state.namespace}`}>
        <div class="toolbar">
          <${Legend} />
          <code class="command">${topologyCommand(state.namespace)}</code>
        </div>
        <div class="scroll">
          ${!state.loaded && html`<p class="note">Loading…</p>`}
          <${Topology} state=${state} traffic=${traffic} selectedId=${selectedId} onSelect=${onSelect}
            onDelete=${onDelete} />
        </div>
      </section>
      <aside class="side">
        ${
          selection &&
          html`<${DetailsPanel} key=${selectedId} selection=${selection} state=${state} onAction=${onAction}
            onSelect=${setSelection} onClose=${closeDetails} />`
        }
        <${EventsFeed} state=${state} onSelect=${setSelection} />
      </aside>
    </main>
    <${LastCommand} result=${result} />
  </div>`;
}

// The token came in the URL once; the server has turned it into a cookie, so it need not stay in sight.
if (new URLSearchParams(location.search).has('token'))
  history.replaceState(null, '', location.pathname + location.hash);
render(html`<${App} />`, document.getElementById('root'));
