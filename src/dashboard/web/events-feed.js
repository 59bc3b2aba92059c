/** The namespace's events, newest first, as `kubectl events` lists them; objects named are clickable. */
import { age, eventTime } from './format.js';
import { html } from './html.js';
import { kubectl } from './kubectl.js';

const resourceOfKind = {
  Pod: 'pods',
  Service: 'services',
  ReplicaSet: 'replicasets',
  Deployment: 'deployments',
  Ingress: 'ingresses',
};
const shown = 50;

export function EventList({ events, empty, onSelect }) {
  const now = Date.now();
  const newest = [...events].sort((a, b) => eventTime(b).localeCompare(eventTime(a))).slice(0, shown);
  if (newest.length === 0) return html`<p class="note">${empty}</p>`;
  return html`<ol class="events">
    ${newest.map((e) => {
      const kind = e.involvedObject?.kind;
      const resource = resourceOfKind[kind];
      const target = `${kind?.toLowerCase()}/${e.involvedObject?.name}`;
      return html`<li key=${e.metadata.name} class=${e.type === 'Warning' ? 'warning' : ''}>
        <span class="age" title=${eventTime(e)}>${age(eventTime(e), now)}</span>
        <span class="type">${e.type}</span>
        <span class="reason">${e.reason}</span>
        ${
          onSelect && resource
            ? html`<button class="link" onClick=${() => onSelect({ resource, name: e.involvedObject.name })}>${target}</button>`
            : html`<span>${target}</span>`
        }
        <span class="message">${e.message}${e.count > 1 ? ` (×${e.count})` : ''}</span>
      </li>`;
    })}
  </ol>`;
}

export function EventsFeed({ state, onSelect }) {
  return html`<section class="events-feed" aria-labelledby="events-heading">
    <h2 id="events-heading">Events</h2>
    <code class="command">${kubectl.namespaceEvents(state.namespace)}</code>
    <${EventList} events=${[...state.objects.events.values()]} empty="No events yet." onSelect=${onSelect} />
  </section>`;
}
