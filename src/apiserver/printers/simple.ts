/**
 * Printers whose cells are plain fields or counts: Namespace, ConfigMap, Secret, ServiceAccount, Lease, and the
 * default table kube-apiserver serves for kinds without a printer (Name, Created At).
 */

import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { ConfigMap, Namespace, Secret, ServiceAccount } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/object.js';
import { parseTime } from './duration.js';
import { ageColumn, ageOf, column, nameColumn, nameOf, type Printer, view } from './printer.js';

const count = (map: object | undefined) => Object.keys(map ?? {}).length;

export const namespacePrinter: Printer = {
  columns: [nameColumn, column('Status', { description: 'The status of the namespace' }), ageColumn],
  cells: (obj, now) => [nameOf(obj), view<Namespace>(obj).status?.phase ?? '', ageOf(obj, now)],
};

export const configMapPrinter: Printer = {
  columns: [nameColumn, column('Data'), ageColumn],
  cells(obj: KubeObject, now: Date): unknown[] {
    const cm = view<ConfigMap>(obj);
    return [nameOf(obj), count(cm.data) + count(cm.binaryData), ageOf(obj, now)];
  },
};

export const secretPrinter: Printer = {
  columns: [nameColumn, column('Type'), column('Data'), ageColumn],
  cells(obj: KubeObject, now: Date): unknown[] {
    const secret = view<Secret>(obj);
    return [nameOf(obj), secret.type ?? '', count(secret.data), ageOf(obj, now)];
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [nameColumn, column('Secrets'), ageColumn],
  cells: (obj, now) => [nameOf(obj), (view<ServiceAccount>(obj).secrets ?? []).length, ageOf(obj, now)],
};

export const leasePrinter: Printer = {
  columns: [nameColumn, column('Holder'), ageColumn],
  cells: (obj, now) => [nameOf(obj), view<Lease>(obj).spec?.holderIdentity ?? '', ageOf(obj, now)],
};

/** Go's `time.Time.UTC().Format(time.RFC3339)`: whole seconds, `Z` suffix; the zero time when unset. */
function rfc3339(timestamp: unknown): string {
  const ms = parseTime(timestamp);
  if (ms === undefined) return '0001-01-01T00:00:00Z';
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** The apiserver's default table convertor (`rest.NewDefaultTableConvertor`), for kinds without a printer. */
export const defaultPrinter: Printer = {
  columns: [nameColumn, column('Created At', { type: 'date' })],
  cells: (obj) => [nameOf(obj), rfc3339(obj.metadata.creationTimestamp)],
};
