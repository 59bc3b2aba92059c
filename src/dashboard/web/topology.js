/**
 * The topology view: the seed's architecture drawn from live objects. Traffic edges (Ingress → Service → Pod)
 * are solid and carry moving dots while requests flow; the selector relation to pods that are not ready is
 * dotted; ownership (Deployment → ReplicaSet → Pod) is dashed and drawn in another colour.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { DeploymentCard, IngressCard, PodCard, ReplicaSetCard, ServiceCard } from './cards.js';
import { buildGraph } from './graph.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';
import { edgePath, layout } from './layout.js';

const edgeTypes = [
  { type: 'route', label: 'traffic: Ingress → Service' },
  { type: 'endpoint', label: 'traffic: Service → ready Pod it selects by label' },
  { type: 'selected', label: 'selected by label, not ready: no traffic' },
  { type: 'owns', label: 'owns (ownerReferences)' },
];

/** Seconds per dot spacing: more requests, faster dots (a few steps, so durations rarely change). */
function flowSeconds(rate) {
  if (rate >= 8) return 0.25;
  if (rate >= 4) return 0.4;
  if (rate >= 2) return 0.6;
  if (rate >= 1) return 0.9;
  return 1.4;
}

function Markers() {
  return html`<defs>
    ${edgeTypes.map(
      ({ type }) => html`<marker id=${`arrow-${type}`} class=${`marker ${type}`} viewBox="0 0 10 10" refX="9" refY="5"
        markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path d="M0,0 L10,5 L0,10 z" />
      </marker>`,
    )}
  </defs>`;
}

export function Legend() {
  return html`<ul class="legend" aria-label="Legend">
    ${edgeTypes.map(
      ({ type, label }) => html`<li key=${type}>
        <svg width="40" height="10" aria-hidden="true"><path class=${`edge ${type}`} d="M2,5 L38,5" /></svg>${label}
      </li>`,
    )}
  </ul>`;
}

/** Shrinks the drawing to fit its container's width, down to 70 % (then it scrolls). */
function useFitZoom(ref, width) {
  const [available, setAvailable] = useState(0);
  useEffect(() => {
    const parent = ref.current?.parentElement;
    if (!parent) return undefined;
    const observer = new ResizeObserver(() => setAvailable(parent.clientWidth));
    observer.observe(parent);
    return () => observer.disconnect();
  }, []);
  return available > 0 ? Math.max(0.7, Math.min(1, available / width)) : 1;
}

export function Topology({ state, traffic, selectedId, onSelect, onDelete }) {
  const graph = useMemo(() => buildGraph(state), [state.objects, state.leaving]);
  const view = useMemo(() => layout(graph), [graph]);
  const root = useRef(null);
  const zoom = useFitZoom(root, view.width);
  const ns = state.namespace;
  const counting = traffic && traffic.source !== 'none';
  const serviceRates = traffic?.services ?? {};
  const edgeRate = (e) => {
    if (e.type === 'endpoint') {
      const pod = state.objects.pods.get(e.to.slice('pods/'.length));
      return serviceRates[`${ns}/${e.from.slice('services/'.length)}`]?.endpoints[pod?.status?.podIP]?.rate ?? 0;
    }
    if (e.type === 'route') {
      const ing = traffic?.ingresses?.[`${ns}/${e.from.slice('ingresses/'.length)}`];
      return ing?.services[e.to.slice('services/'.length)]?.rate ?? 0;
    }
    return 0;
  };
  const podRate = (pod) => {
    if (!counting) return undefined;
    const ip = pod.obj.status?.podIP;
    return Object.values(serviceRates).reduce((sum, s) => sum + (s.endpoints[ip]?.rate ?? 0), 0);
  };
  const selectorLabels = useMemo(
    () =>
      new Set(graph.services.flatMap((s) => Object.entries(s.obj.spec?.selector ?? {}).map(([k, v]) => `${k}=${v}`))),
    [graph],
  );
  const relations = useMemo(() => relationTexts(graph), [graph]);
  const empty = graph.pods.length + graph.services.length + graph.deployments.length + graph.ingresses.length === 0;
  if (state.loaded && empty) {
    return html`<div class="empty" ref=${root}>
      <p>Nothing to draw in namespace <strong>${ns}</strong> yet.</p>
      <p>Try the seed's example: <code>kubectl apply -f examples/level-3-services/</code></p>
    </div>`;
  }
  const box = (id) => view.boxes.get(id);
  const common = (n) => ({
    node: n,
    box: box(n.id),
    selected: n.id === selectedId,
    onSelect,
    relation: relations.get(n.id),
  });
  const size = `width: ${view.width}px; height: ${view.height}px; zoom: ${zoom}`;
  return html`<div class="topology" ref=${root} style=${size}>
    ${view.columns.map(
      (c) => html`<h3 key=${c.key} class="column-title" style=${`left: ${c.x}px; width: ${c.width}px`}>${c.title}</h3>`,
    )}
    <svg class="edges" width=${view.width} height=${view.height} aria-hidden="true">
      <${Markers} />
      ${graph.edges.map((e) => {
        const a = box(e.from);
        const b = box(e.to);
        if (!a || !b) return null;
        const d = edgePath(a, b);
        const rate = edgeRate(e);
        return html`<g key=${e.id}>
          <path class=${`edge ${e.type}`} d=${d} marker-end=${`url(#arrow-${e.type})`} />
          ${rate > 0 && html`<path class="pulse" d=${d} style=${`animation-duration: ${flowSeconds(rate)}s`} />`}
        </g>`;
      })}
    </svg>
    ${graph.ingresses.map(
      (n) => html`<${IngressCard} key=${n.id} ...${common(n)} traffic=${traffic?.ingresses?.[`${ns}/${n.name}`]} />`,
    )}
    ${graph.services.map(
      (n) =>
        html`<${ServiceCard} key=${n.id} ...${common(n)} traffic=${counting ? serviceRates[`${ns}/${n.name}`] : undefined} />`,
    )}
    ${graph.pods.map(
      (n) => html`<${PodCard} key=${n.id} ...${common(n)} rate=${podRate(n)} onDelete=${onDelete}
        selectorLabels=${selectorLabels} />`,
    )}
    ${graph.replicaSets.map((n) => html`<${ReplicaSetCard} key=${n.id} ...${common(n)} />`)}
    ${graph.deployments.map((n) => html`<${DeploymentCard} key=${n.id} ...${common(n)} />`)}
  </div>`;
}

const relationWords = {
  route: (from) => `Routed to from ${from}.`,
  endpoint: (from) => `Ready endpoint of ${from}, which selects it by label.`,
  selected: (from) => `Selected by ${from} by label, not ready: gets no traffic.`,
  owns: (from) => `Owned by ${from}.`,
};

const kindNames = { ingresses: 'Ingress', services: 'Service', replicasets: 'ReplicaSet', deployments: 'Deployment' };

/** What the edges say about each card, in words, for screen readers (the drawing itself is hidden from them). */
function relationTexts(graph) {
  const out = new Map();
  for (const e of graph.edges) {
    const [resource, name] = e.from.split('/');
    const words = relationWords[e.type](`${kindNames[resource]} ${name}`);
    out.set(e.to, out.has(e.to) ? `${out.get(e.to)} ${words}` : words);
  }
  return out;
}

/** The command that lists what the topology shows. */
export const topologyCommand = (namespace) => kubectl.getAll(namespace);
