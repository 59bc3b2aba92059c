/**
 * The browser's copy of one namespace: a snapshot from the server, then watch changes applied in batches. Each
 * batch makes new Maps for the kinds it touched, so the views recompute only what changed. A deleted pod stays
 * a moment as "leaving" so it can fade out where it was.
 */
import { eventTime } from './format.js';

export const resources = [
  'namespaces',
  'pods',
  'services',
  'endpointslices',
  'deployments',
  'replicasets',
  'ingresses',
  'events',
];

/** How long a deleted pod fades before it is dropped. */
export const leavingMs = 1500;
const maxEvents = 200;

export function emptyState(namespace) {
  return {
    namespace,
    loaded: false,
    objects: Object.fromEntries(resources.map((r) => [r, new Map()])),
    leaving: new Map(),
  };
}

const byName = (items) => new Map(items.map((o) => [o.metadata.name, o]));

/** The state a snapshot (`{namespace, objects}`) describes. */
export function fromSnapshot(snapshot) {
  const objects = {};
  for (const r of resources) objects[r] = byName(snapshot.objects[r] ?? []);
  return { namespace: snapshot.namespace, loaded: true, objects, leaving: new Map() };
}

function trimEvents(events) {
  if (events.size <= maxEvents) return events;
  const sorted = [...events.values()].sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
  return byName(sorted.slice(-maxEvents));
}

/** Applies a batch of `{type, resource, object}` changes; `now` stamps pods that leave. */
export function applyChanges(state, changes, now = Date.now()) {
  const objects = { ...state.objects };
  const copied = new Set();
  let leaving = state.leaving;
  for (const { type, resource, object } of changes) {
    if (!objects[resource]) continue;
    if (!copied.has(resource)) {
      objects[resource] = new Map(objects[resource]);
      copied.add(resource);
    }
    const name = object.metadata.name;
    if (type === 'DELETED') {
      objects[resource].delete(name);
      if (resource === 'pods') {
        if (leaving === state.leaving) leaving = new Map(leaving);
        leaving.set(name, { object, until: now + leavingMs });
      }
    } else {
      objects[resource].set(name, object);
      if (resource === 'pods' && leaving.has(name)) {
        if (leaving === state.leaving) leaving = new Map(leaving);
        leaving.delete(name);
      }
    }
  }
  if (copied.has('events')) objects.events = trimEvents(objects.events);
  return { ...state, objects, leaving };
}

/** Drops leaving pods whose fade is over (the same state when none is). */
export function pruneLeaving(state, now = Date.now()) {
  const expired = [...state.leaving].filter(([, l]) => l.until <= now);
  if (expired.length === 0) return state;
  const leaving = new Map(state.leaving);
  for (const [name] of expired) leaving.delete(name);
  return { ...state, leaving };
}
