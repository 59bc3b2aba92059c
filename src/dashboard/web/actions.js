/** The actions of the selected object, each with the kubectl command that does the same beside it. */
import { useEffect, useState } from 'preact/hooks';
import { endpointsByService } from './graph.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';

const Row = ({ children, command }) =>
  html`<div class="action-row">${children}<code class="command" data-testid="action-command">${command}</code></div>`;

function ScaleRow({ ns, name, replicas, onAction }) {
  const [value, setValue] = useState(replicas);
  useEffect(() => setValue(replicas), [name]);
  const n = Number(value);
  const valid = Number.isInteger(n) && n >= 0 && n <= 200;
  const submit = (e) => {
    e.preventDefault();
    if (valid) onAction({ action: 'scale', namespace: ns, name, replicas: n }, kubectl.scale(ns, name, n));
  };
  return html`<form class="action-row" onSubmit=${submit}>
    <label for="scale-replicas">Replicas</label>
    <input id="scale-replicas" type="number" min="0" max="200" required value=${value}
      onInput=${(e) => setValue(e.currentTarget.value)} aria-invalid=${!valid} />
    <button class="action" type="submit" disabled=${!valid}>Scale</button>
    <code class="command" data-testid="action-command">${kubectl.scale(ns, name, valid ? n : '<N>')}</code>
  </form>`;
}

export function Actions({ resource, obj, onAction, onSelect, slices }) {
  const ns = obj.metadata.namespace;
  const name = obj.metadata.name;
  if (resource === 'pods') {
    return html`<div class="actions" aria-label="Actions">
      <${Row} command=${kubectl.deletePod(ns, name)}>
        <button class="action danger" onClick=${() => onAction({ action: 'delete-pod', namespace: ns, name }, kubectl.deletePod(ns, name))}>
          Delete pod
        </button>
      <//>
      <p class="note">Its ReplicaSet notices the missing pod and creates a new one, with a new IP.</p>
    </div>`;
  }
  if (resource === 'deployments') {
    return html`<div class="actions" aria-label="Actions">
      <${ScaleRow} ns=${ns} name=${name} replicas=${obj.spec?.replicas ?? 1} onAction=${onAction} />
      <${Row} command=${kubectl.restart(ns, name)}>
        <button class="action" onClick=${() => onAction({ action: 'restart', namespace: ns, name }, kubectl.restart(ns, name))}>
          Rollout restart
        </button>
      <//>
    </div>`;
  }
  if (resource === 'replicasets') {
    const owner = (obj.metadata.ownerReferences ?? []).find((o) => o.kind === 'Deployment');
    if (!owner) return null;
    return html`<p class="note">
      Owned by Deployment
      <button class="link" onClick=${() => onSelect({ resource: 'deployments', name: owner.name })}>${owner.name}</button>:
      scale the Deployment, which would undo a change made here.
    </p>`;
  }
  if (resource === 'services') {
    const endpoints = endpointsByService(slices ?? []).get(name) ?? [];
    return html`<div class="actions" aria-label="Endpoints">
      <${Row} command=${kubectl.endpoints(ns, name)}><span class="label">Endpoints</span><//>
      <ul class="endpoint-list">
        ${endpoints.map(
          (e) =>
            html`<li key=${e.ip}>${e.ip} ${e.podName ? `(${e.podName})` : ''} — ${e.ready ? 'ready' : 'not ready'}</li>`,
        )}
        ${endpoints.length === 0 && html`<li>none</li>`}
      </ul>
    </div>`;
  }
  return null;
}
