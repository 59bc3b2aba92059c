/**
 * Events of both API groups (kubernetes core `events.go`). events.k8s.io/v1 Events are checked through the
 * core field names (`involvedObject`, `message`, ...) as kube-apiserver does after converting them.
 */
import type { ObjectMeta } from '../../api/object.js';
import type { FieldError } from '../../api/status-error.js';
import { fieldImmutableErrorMsg, invalid, required } from './field-errors.js';
import { go, goQuote, goStruct } from './go-syntax.js';
import { byteLength, isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from './names.js';
import { goTimeString, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** An Event in core field names. */
interface CoreEvent {
  metadata: ObjectMeta;
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: { component?: string; host?: string };
  firstTimestamp?: string;
  lastTimestamp?: string;
  count: number;
  type: string;
  eventTime?: string;
  series?: { count?: number; lastObservedTime?: string };
  action: string;
  related?: ObjectReference;
  reportingController: string;
  reportingInstance: string;
}

type Json = Record<string, unknown>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function opt(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads an Event of either group into core field names. */
export function toCoreEvent(obj: Json, group: string): CoreEvent {
  const eventsGroup = group === 'events.k8s.io';
  const ev: CoreEvent = {
    metadata: (obj.metadata ?? {}) as ObjectMeta,
    involvedObject: ((eventsGroup ? obj.regarding : obj.involvedObject) ?? {}) as ObjectReference,
    reason: str(obj.reason),
    message: str(eventsGroup ? obj.note : obj.message),
    source: ((eventsGroup ? obj.deprecatedSource : obj.source) ?? {}) as CoreEvent['source'],
    count: Number((eventsGroup ? obj.deprecatedCount : obj.count) ?? 0),
    type: str(obj.type),
    action: str(obj.action),
    reportingController: str(eventsGroup ? obj.reportingController : obj.reportingComponent),
    reportingInstance: str(obj.reportingInstance),
  };
  const first = opt(eventsGroup ? obj.deprecatedFirstTimestamp : obj.firstTimestamp);
  const last = opt(eventsGroup ? obj.deprecatedLastTimestamp : obj.lastTimestamp);
  const eventTime = opt(obj.eventTime);
  if (first) ev.firstTimestamp = first;
  if (last) ev.lastTimestamp = last;
  if (eventTime) ev.eventTime = eventTime;
  if (obj.series) ev.series = obj.series as CoreEvent['series'] & object;
  if (obj.related) ev.related = obj.related as ObjectReference;
  return ev;
}

function legacyValidate(ev: CoreEvent, coreGroup: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const controllerField = coreGroup ? 'reportingComponent' : 'reportingController';
  const ns = ev.metadata.namespace ?? '';
  const involvedNs = ev.involvedObject.namespace ?? '';
  const mismatch = (): void => {
    errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  };
  if (!ev.eventTime) {
    if (involvedNs === '' ? ns !== '' && ns !== 'default' : ns !== involvedNs) mismatch();
  } else {
    if (involvedNs === '' && ns !== 'default' && ns !== 'kube-system') mismatch();
    if (!ev.reportingController) errs.push(required(controllerField));
    errs.push(
      ...isQualifiedName(ev.reportingController).map((msg) => invalid(controllerField, ev.reportingController, msg)),
    );
    const limited: [string, string, number][] = [
      ['reportingInstance', ev.reportingInstance, 128],
      ['action', ev.action, 128],
      ['reason', ev.reason, 128],
    ];
    for (const [name, value, max] of limited) {
      if (!value) errs.push(required(name));
      if (byteLength(value) > max) errs.push(invalid(name, '', `can have at most ${max} characters`));
    }
    if (byteLength(ev.message) > 1024) errs.push(invalid('message', '', 'can have at most 1024 characters'));
  }
  errs.push(...isDNS1123Subdomain(ns).map((msg) => invalid('namespace', ns, msg)));
  return errs;
}

function validateSeries(ev: CoreEvent): FieldError[] {
  if (!ev.series) return [];
  const errs: FieldError[] = [];
  if ((ev.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
  if (!ev.series.lastObservedTime) errs.push(required('series.lastObservedTime'));
  return errs;
}

/** A new Event; `group` is the API group of the request (`''` or `events.k8s.io`). */
export function validateEventCreate(obj: Json, group: string): FieldError[] {
  const ev = toCoreEvent(obj, group);
  const errs = legacyValidate(ev, group === '');
  if (group === '') return errs;
  errs.push(...validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain), ...validateSeries(ev));
  if (!ev.eventTime) errs.push(required('eventTime'));
  if (ev.type !== 'Normal' && ev.type !== 'Warning') errs.push(invalid('type', '', `has invalid value: ${ev.type}`));
  if (ev.firstTimestamp) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (ev.lastTimestamp) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (ev.count !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  if (ev.source.component || ev.source.host) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

function goReference(r: ObjectReference): string {
  return goStruct('core.ObjectReference', [
    ['Kind', goQuote(r.kind ?? '')],
    ['Namespace', goQuote(r.namespace ?? '')],
    ['Name', goQuote(r.name ?? '')],
    ['UID', goQuote(r.uid ?? '')],
    ['APIVersion', goQuote(r.apiVersion ?? '')],
    ['ResourceVersion', goQuote(r.resourceVersion ?? '')],
    ['FieldPath', goQuote(r.fieldPath ?? '')],
  ]);
}

function canonical(v: unknown): string {
  return JSON.stringify(v ?? null, (_k, val: unknown) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(Object.entries(val).sort(([a], [b]) => a.localeCompare(b)))
      : val,
  );
}

export function validateEventUpdate(obj: Json, oldObj: Json, group: string): FieldError[] {
  const ev = toCoreEvent(obj, group);
  const old = toCoreEvent(oldObj, group);
  const errs = legacyValidate(ev, group === '');
  if (group === '') return errs;
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata));
  if (canonical(ev.series) !== canonical(old.series)) errs.push(...validateSeries(ev));
  const check = (name: string, now: unknown, before: unknown, rendered: Parameters<typeof invalid>[1]): void => {
    if (canonical(now) !== canonical(before)) errs.push(invalid(name, rendered, fieldImmutableErrorMsg));
  };
  check('involvedObject', ev.involvedObject, old.involvedObject, go(goReference(ev.involvedObject)));
  check('reason', ev.reason, old.reason, ev.reason);
  check('message', ev.message, old.message, ev.message);
  const source = goStruct('core.EventSource', [
    ['Component', goQuote(ev.source.component ?? '')],
    ['Host', goQuote(ev.source.host ?? '')],
  ]);
  check('source', ev.source, old.source, go(source));
  check(
    'firstTimestamp',
    goTimeString(ev.firstTimestamp),
    goTimeString(old.firstTimestamp),
    go(goTimeString(ev.firstTimestamp)),
  );
  check(
    'lastTimestamp',
    goTimeString(ev.lastTimestamp),
    goTimeString(old.lastTimestamp),
    go(goTimeString(ev.lastTimestamp)),
  );
  check('count', ev.count, old.count, ev.count);
  check('reason', ev.reason, old.reason, ev.reason);
  check('type', ev.type, old.type, ev.type);
  check('eventTime', goTimeString(ev.eventTime), goTimeString(old.eventTime), go(goTimeString(ev.eventTime)));
  check('action', ev.action, old.action, ev.action);
  check('related', ev.related, old.related, ev.related ? go(goReference(ev.related)) : null);
  check('reportingController', ev.reportingController, old.reportingController, ev.reportingController);
  check('reportingInstance', ev.reportingInstance, old.reportingInstance, ev.reportingInstance);
  return errs;
}
