/** One card per object on the topology: what kubectl's wide output would say about it, at a glance. */
import {
  isPodReady,
  podReady,
  podRestarts,
  podStatus,
  rateText,
  revision,
  selectorText,
  servicePorts,
  strategyText,
} from './format.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';
import { maxEndpointChips } from './layout.js';

const place = (box) => `transform: translate(${box.x}px, ${box.y}px); width: ${box.w}px; height: ${box.h}px`;

function Card({ node, box, kind, selected, onSelect, relation, children, extra = {} }) {
  return html`<article
    class=${`card ${node.resource}${selected ? ' selected' : ''}${node.leaving ? ' leaving' : ''}`}
    style=${place(box)}
    aria-label=${`${kind} ${node.name}`}
    ...${extra}
  >
    <header>
      <button
        id=${`title-${node.id}`}
        class="title"
        aria-pressed=${selected}
        onClick=${() => onSelect(node)}
        title=${`${kind} ${node.name}: show details`}
      >
        ${node.name}
      </button>
    </header>
    ${relation && html`<p class="visually-hidden">${relation}</p>`}
    ${children}
  </article>`;
}

const Field = ({ label, children, ...rest }) =>
  html`<div class="field"><dt>${label}</dt><dd ...${rest}>${children}</dd></div>`;

export function PodCard({ node, box, selected, onSelect, relation, onDelete, rate, selectorLabels }) {
  const pod = node.obj;
  const status = podStatus(pod);
  const tone = node.leaving || status === 'Terminating' ? 'muted' : isPodReady(pod) ? 'ok' : 'warn';
  const labels = Object.entries(pod.metadata.labels ?? {}).filter(([k, v]) => selectorLabels.has(`${k}=${v}`));
  const extra = {
    'data-testid': 'pod',
    'data-name': node.name,
    ...(node.leaving ? { 'data-leaving': 'true', inert: true } : {}),
  };
  return html`<${Card} node=${node} box=${box} kind="Pod" selected=${selected} onSelect=${onSelect} relation=${relation} extra=${extra}>
    <dl class="fields">
      <${Field} label="IP" data-testid="pod-ip">${pod.status?.podIP || '—'}<//>
      <${Field} label="Ready">${podReady(pod)}<//>
      <${Field} label="Status" title=${status}><span class=${`badge ${tone}`}>${node.leaving ? 'Deleted' : status}</span><//>
      <${Field} label="Restarts">${podRestarts(pod)}<//>
    </dl>
    <footer>
      ${labels.map(([k, v]) => html`<span class="chip selector" title="label matched by a Service selector">${k}=${v}</span>`)}
      ${rate !== undefined && html`<span class="rate" data-testid="pod-rate" data-rate=${rate}>${rateText(rate)}</span>`}
      ${
        !node.leaving &&
        html`<button
          class="action danger small"
          data-testid="delete-pod"
          aria-label=${`Delete pod ${node.name}`}
          title=${kubectl.deletePod(pod.metadata.namespace, node.name)}
          onClick=${() => onDelete(node)}
        >
          Delete
        </button>`
      }
    </footer>
  <//>`;
}

export function ServiceCard({ node, box, selected, onSelect, relation, traffic }) {
  const svc = node.obj;
  const ready = node.endpoints.filter((e) => e.ready);
  const shown = ready.slice(0, maxEndpointChips);
  const extra = { 'data-testid': 'service', 'data-name': node.name, 'data-total': traffic?.total ?? 0 };
  return html`<${Card} node=${node} box=${box} kind="Service" selected=${selected} onSelect=${onSelect} relation=${relation} extra=${extra}>
    <dl class="fields">
      <${Field} label="Type">${svc.spec?.type ?? 'ClusterIP'}<//>
      <${Field} label="ClusterIP" data-testid="cluster-ip">${svc.spec?.clusterIP ?? '—'}<//>
      <${Field} label="Ports">${servicePorts(svc)}<//>
      <${Field} label="Selector"><span class="chip selector">${selectorText(svc.spec?.selector)}</span><//>
    </dl>
    <div class="endpoints" aria-label="Ready endpoints">
      <span class="label">Endpoints: ${ready.length} ready</span>
      <ul>
        ${shown.map((e) => html`<li key=${e.ip} class="chip endpoint" data-testid="endpoint">${e.ip}</li>`)}
        ${ready.length === 0 && html`<li class="none">none ready</li>`}
        ${ready.length > shown.length && html`<li class="more">+${ready.length - shown.length} more</li>`}
      </ul>
      ${traffic && html`<p class="rate">${rateText(traffic.rate)} · ${traffic.total} requests</p>`}
    </div>
  <//>`;
}

export function ReplicaSetCard({ node, box, selected, onSelect, relation }) {
  const rs = node.obj;
  return html`<${Card} node=${node} box=${box} kind="ReplicaSet" selected=${selected} onSelect=${onSelect} relation=${relation}
    extra=${{ 'data-testid': 'replicaset', 'data-name': node.name }}>
    <dl class="fields">
      <${Field} label="Desired" data-testid="rs-desired">${rs.spec?.replicas ?? 0}<//>
      <${Field} label="Ready">${rs.status?.readyReplicas ?? 0}<//>
      <${Field} label="Revision">${revision(rs)}<//>
    </dl>
  <//>`;
}

export function DeploymentCard({ node, box, selected, onSelect, relation }) {
  const d = node.obj;
  const images = (d.spec?.template?.spec?.containers ?? []).map((c) => c.image).join(', ');
  return html`<${Card} node=${node} box=${box} kind="Deployment" selected=${selected} onSelect=${onSelect} relation=${relation}
    extra=${{ 'data-testid': 'deployment', 'data-name': node.name }}>
    <dl class="fields">
      <${Field} label="Ready">${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}<//>
      <${Field} label="Revision">${revision(d)}<//>
      <${Field} label="Strategy" title=${strategyText(d)}>${d.spec?.strategy?.type ?? 'RollingUpdate'}<//>
      <${Field} label="Image" title=${images}>${images}<//>
    </dl>
  <//>`;
}

export function IngressCard({ node, box, selected, onSelect, relation, traffic }) {
  const ing = node.obj;
  const address = (ing.status?.loadBalancer?.ingress ?? []).map((a) => a.ip ?? a.hostname).join(', ');
  return html`<${Card} node=${node} box=${box} kind="Ingress" selected=${selected} onSelect=${onSelect} relation=${relation}
    extra=${{ 'data-testid': 'ingress', 'data-name': node.name }}>
    <dl class="fields">
      <${Field} label="Class">${ing.spec?.ingressClassName ?? '—'}<//>
      <${Field} label="Address">${address || '—'}<//>
    </dl>
    <ul class="rules">
      ${node.rules.map((r) => html`<li key=${r}>${r}</li>`)}
    </ul>
    ${traffic && html`<span class="rate">${rateText(traffic.rate)}</span>`}
  <//>`;
}
