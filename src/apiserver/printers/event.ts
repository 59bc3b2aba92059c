/**
 * The Event printer (`printEvent`), shared by core/v1 and events.k8s.io/v1 Events: the apiserver converts both
 * to one internal type before printing, so events.k8s.io fields are first mapped onto the core/v1 names.
 */

import type { Event as CoreEvent } from 'kubernetes-types/core/v1.js';
import type { Event as EventsEvent } from 'kubernetes-types/events/v1.js';
import type { KubeObject } from '../../api/object.js';
import { parseTime, translateTimestampSince } from './duration.js';
import { column, nameColumn, type Printer, view } from './printer.js';

/** The fields the printer reads, under their internal (core) names. */
interface PrintedEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  firstTimestamp: string | undefined;
  lastTimestamp: string | undefined;
  eventTime: string | undefined;
  count: number;
  series: { count?: number; lastObservedTime?: string } | undefined;
  kind: string;
  objectName: string;
  fieldPath: string;
  component: string;
  host: string;
  reportingController: string;
  reportingInstance: string;
}

function fromCore(obj: KubeObject): PrintedEvent {
  const e = view<CoreEvent>(obj);
  return {
    name: obj.metadata.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.message ?? '',
    firstTimestamp: e.firstTimestamp,
    lastTimestamp: e.lastTimestamp,
    eventTime: e.eventTime,
    count: e.count ?? 0,
    series: e.series,
    kind: e.involvedObject?.kind ?? '',
    objectName: e.involvedObject?.name ?? '',
    fieldPath: e.involvedObject?.fieldPath ?? '',
    component: e.source?.component ?? '',
    host: e.source?.host ?? '',
    reportingController: e.reportingComponent ?? '',
    reportingInstance: e.reportingInstance ?? '',
  };
}

function fromEventsV1(obj: KubeObject): PrintedEvent {
  const e = view<EventsEvent>(obj);
  return {
    name: obj.metadata.name ?? '',
    type: e.type ?? '',
    reason: e.reason ?? '',
    message: e.note ?? '',
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    eventTime: e.eventTime,
    count: e.deprecatedCount ?? 0,
    series: e.series,
    kind: e.regarding?.kind ?? '',
    objectName: e.regarding?.name ?? '',
    fieldPath: e.regarding?.fieldPath ?? '',
    component: e.deprecatedSource?.component ?? '',
    host: e.deprecatedSource?.host ?? '',
    reportingController: e.reportingController ?? '',
    reportingInstance: e.reportingInstance ?? '',
  };
}

/** `formatEventSource`: `component, host`, falling back to the reporting controller and instance. */
function source(e: PrintedEvent): string {
  const component = e.component || e.reportingController;
  const instance = e.host || e.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(e: PrintedEvent, now: Date): unknown[] {
  const firstSeen =
    parseTime(e.firstTimestamp) === undefined
      ? translateTimestampSince(e.eventTime, now)
      : translateTimestampSince(e.firstTimestamp, now);
  let lastSeen = parseTime(e.lastTimestamp) === undefined ? firstSeen : translateTimestampSince(e.lastTimestamp, now);
  let count = e.count;
  if (e.series) {
    lastSeen = translateTimestampSince(e.series.lastObservedTime, now);
    count = e.series.count ?? 0;
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const kind = e.kind.toLowerCase();
  const target = e.objectName ? `${kind}/${e.objectName}` : kind;
  return [lastSeen, e.type, e.reason, target, e.fieldPath, source(e), e.message.trim(), firstSeen, count, e.name];
}

const columns = [
  column('Last Seen'),
  column('Type'),
  column('Reason'),
  column('Object'),
  column('Subobject', { priority: 1 }),
  column('Source', { priority: 1 }),
  column('Message'),
  column('First Seen', { priority: 1 }),
  column('Count', { priority: 1 }),
  { ...nameColumn, priority: 1 },
];

export const coreEventPrinter: Printer = {
  columns,
  cells: (obj, now) => eventCells(fromCore(obj), now),
};

export const eventsV1EventPrinter: Printer = {
  columns,
  cells: (obj, now) => eventCells(fromEventsV1(obj), now),
};
