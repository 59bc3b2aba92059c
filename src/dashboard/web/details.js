/**
 * The details panel of the selected object: its actions (each beside its kubectl command), and tabs with its
 * YAML as `kubectl get -o yaml` prints it, its events, and for pods the last log lines.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Actions } from './actions.js';
import { getJson } from './api.js';
import { EventList } from './events-feed.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';

const kinds = {
  pods: 'Pod',
  services: 'Service',
  replicasets: 'ReplicaSet',
  deployments: 'Deployment',
  ingresses: 'Ingress',
};
const logTail = 50;

export const Command = ({ text }) => html`<code class="command">${text}</code>`;

function useFetched(load, deps) {
  const [result, setResult] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setResult((r) => ({ ...r, loading: true }));
    load()
      .then((value) => live && setResult({ value }))
      .catch((err) => live && setResult({ error: err.message }));
    return () => {
      live = false;
    };
  }, deps);
  return result;
}

function YamlTab({ resource, namespace, name, version, gone }) {
  const last = useRef('');
  const r = useFetched(
    () => (gone ? Promise.resolve(undefined) : getJson('/api/object', { resource, namespace, name })),
    [resource, namespace, name, version, gone],
  );
  if (r.value) last.current = r.value.yaml;
  return html`<${Command} text=${kubectl.getYaml(resource, namespace, name)} />
    ${r.error && html`<p class="error" role="alert">${r.error}</p>`}
    ${gone && html`<p class="note">This object was deleted; its last known YAML:</p>`}
    <pre class="yaml" tabindex="0" aria-label="YAML">${last.current || (r.loading ? 'Loading…' : '')}</pre>`;
}

function LogsTab({ namespace, name }) {
  const [tick, setTick] = useState(0);
  const r = useFetched(() => getJson('/api/logs', { namespace, name }), [namespace, name, tick]);
  return html`<${Command} text=${kubectl.logs(namespace, name, logTail)} />
    <button class="action small" onClick=${() => setTick(tick + 1)}>Refresh</button>
    ${r.loading && html`<p class="note">Loading…</p>`}
    ${r.error && html`<p class="error" role="alert">${r.error}</p>`}
    ${r.value && !r.value.available && html`<p class="note" data-testid="logs-unavailable">Logs are not available yet. ${r.value.message}</p>`}
    ${r.value?.available && html`<pre class="logs" tabindex="0" aria-label="Log lines">${r.value.text || '(no output)'}</pre>`}`;
}

function Tabs({ tabs, current, onChange, idPrefix }) {
  const onKey = (e) => {
    const i = tabs.findIndex((t) => t.id === current);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    onChange(next.id);
    e.currentTarget.querySelector(`#${idPrefix}-tab-${next.id}`)?.focus();
  };
  return html`<div class="tabs" role="tablist" aria-label="Details" onKeyDown=${onKey}>
    ${tabs.map(
      (t) => html`<button
        key=${t.id}
        id=${`${idPrefix}-tab-${t.id}`}
        role="tab"
        aria-selected=${t.id === current}
        aria-controls=${`${idPrefix}-panel`}
        tabindex=${t.id === current ? 0 : -1}
        onClick=${() => onChange(t.id)}
      >
        ${t.label}
      </button>`,
    )}
  </div>`;
}

export function DetailsPanel({ selection, state, onClose, onAction, onSelect }) {
  const { resource, name } = selection;
  const namespace = state.namespace;
  const live = state.objects[resource]?.get(name);
  const obj = live ?? (resource === 'pods' ? state.leaving.get(name)?.object : undefined);
  const [tab, setTab] = useState('yaml');
  const heading = useRef(null);
  useEffect(() => heading.current?.focus(), []);
  const kind = kinds[resource] ?? resource;
  const events = [...state.objects.events.values()].filter(
    (e) => e.involvedObject?.kind === kind && e.involvedObject?.name === name,
  );
  const tabs = [
    { id: 'yaml', label: 'YAML' },
    { id: 'events', label: `Events (${events.length})` },
    ...(resource === 'pods' ? [{ id: 'logs', label: 'Logs' }] : []),
  ];
  const current = tabs.some((t) => t.id === tab) ? tab : 'yaml';
  return html`<section class="details" aria-labelledby="details-heading" data-testid="details">
    <header>
      <h2 id="details-heading" tabindex="-1" ref=${heading}><span class="kind">${kind}</span> ${name}</h2>
      <button class="action small" onClick=${onClose} aria-label="Close details">Close</button>
    </header>
    ${!live && html`<p class="note" role="status">This ${kind.toLowerCase()} no longer exists.</p>`}
    ${
      live &&
      html`<${Actions} resource=${resource} obj=${live} onAction=${onAction} onSelect=${onSelect}
        slices=${[...state.objects.endpointslices.values()]} />`
    }
    <${Tabs} tabs=${tabs} current=${current} onChange=${setTab} idPrefix="details" />
    <div id="details-panel" role="tabpanel" aria-labelledby=${`details-tab-${current}`}>
      ${
        current === 'yaml' &&
        obj &&
        html`<${YamlTab} resource=${resource} namespace=${namespace} name=${name}
          version=${obj.metadata.resourceVersion} gone=${!live} />`
      }
      ${
        current === 'events' &&
        html`<${Command} text=${kubectl.events(resource, namespace, name)} />
          <${EventList} events=${events} empty="No events for this object." />`
      }
      ${current === 'logs' && html`<${LogsTab} namespace=${namespace} name=${name} />`}
    </div>
  </section>`;
}
