/** Server-side printing: wraps objects into a meta.k8s.io Table with the kind's columns (kubectl get). */
import type { KubeObject } from '../api/object.js';
import type { ResourceInfo } from '../api/registry.js';
import { tableCells, tableColumns, tableRowConditions } from './printers/index.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === 'None' || value === 'Object') return value;
  return 'Metadata';
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === 'Object') return obj;
  if (include === 'None') return undefined;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export interface TableOptions {
  include: IncludeObject;
  version: 'v1' | 'v1beta1';
  /** Watch events after the first carry no column definitions. */
  withColumns: boolean;
  now: Date;
}

export function toTable(
  info: ResourceInfo,
  objects: readonly KubeObject[],
  listMeta: Record<string, unknown>,
  opts: TableOptions,
): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${opts.version}`,
    metadata: listMeta,
    columnDefinitions: opts.withColumns ? tableColumns(info) : [],
    rows: objects.map((obj) => {
      const row: Record<string, unknown> = { cells: tableCells(info, obj, opts.now) };
      const conditions = tableRowConditions(info, obj);
      if (conditions) row.conditions = conditions;
      const embedded = rowObject(obj, opts.include, opts.version);
      if (embedded !== undefined) row.object = embedded;
      return row;
    }),
  };
}

export function toPartialObjectMetadata(obj: KubeObject, version: string): KubeObject {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}
