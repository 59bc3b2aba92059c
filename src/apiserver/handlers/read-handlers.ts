/** GET of one object, LIST and WATCH, with Table and PartialObjectMetadata views. */

import type { ApiRequest, ApiResponse } from '../../api/http-types.js';
import type { KubeObject } from '../../api/object.js';
import { apiVersionOf } from '../../api/registry.js';
import { StatusError } from '../../api/status-error.js';
import { CompactedError } from '../../storage/store.js';
import type { ResourceRegistry } from '../generic-registry.js';
import { decodeContinue, encodeContinue, parseLimit, parseTimeoutSeconds, selectorFilter } from '../list-options.js';
import { negotiateView, type ResponseView } from '../negotiation.js';
import { encodedForList } from '../object-codec.js';
import { parseIncludeObject, toPartialObjectMetadata, toTable } from '../table.js';
import { startWatch } from '../watch.js';

export interface ReadContext {
  now: () => Date;
  /** Watches without timeoutSeconds end after a random time in [this, 2 × this]. */
  minWatchTimeoutSeconds: number;
  /** Interval of watch bookmarks (tests shorten it). */
  bookmarkIntervalMs?: number;
}

function renderOne(registry: ResourceRegistry, obj: KubeObject, view: ResponseView, req: ApiRequest, now: Date) {
  if (view.kind === 'table') {
    const include = parseIncludeObject(req.query.get('includeObject'));
    return toTable(
      registry.info,
      [obj],
      { resourceVersion: obj.metadata.resourceVersion },
      {
        include,
        version: view.version,
        withColumns: true,
        now,
      },
    );
  }
  if (view.kind === 'partial') return toPartialObjectMetadata(obj, view.version);
  return obj;
}

/** A continue token whose revision was compacted: 410, worded as kube-apiserver does. */
function expiredContinue(err: unknown): never {
  if (err instanceof CompactedError) {
    throw new StatusError(
      'Expired',
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
      undefined,
      410,
    );
  }
  throw err;
}

export async function handleGet(
  ctx: ReadContext,
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const obj = await registry.get(namespace, name);
  res.sendJson(200, renderOne(registry, obj, negotiateView(req.header('accept')), req, ctx.now()));
}

export async function handleList(
  ctx: ReadContext,
  registry: ResourceRegistry,
  namespace: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const view = negotiateView(req.header('accept'));
  if (view.kind === 'object' && !req.query.get('labelSelector') && !req.query.get('fieldSelector')) {
    return listRaw(registry, namespace, req, res);
  }
  const filter = selectorFilter(registry.info, req.query, namespace);
  const limit = parseLimit(req.query.get('limit'));
  const continueText = req.query.get('continue');
  const token = continueText ? decodeContinue(continueText) : undefined;
  const items: KubeObject[] = [];
  const prefix = registry.prefix(namespace);
  let startAfter = token?.start;
  let revision = token?.rv;
  let more = false;
  // Read in pages until `limit` matching items are found (selectors filter after the read, as in Kubernetes).
  for (;;) {
    const page = await registry.store
      .list(prefix, {
        ...(limit > 0 ? { limit: Math.max(limit - items.length, 1) } : {}),
        ...(startAfter !== undefined ? { startAfter } : {}),
        ...(revision !== undefined ? { revision } : {}),
      })
      .catch(expiredContinue);
    revision ??= page.revision;
    for (const kv of page.items) {
      const obj = registry.decode(kv);
      if (filter(obj)) items.push(obj);
      startAfter = kv.key;
    }
    more = page.more;
    if (!page.more || (limit > 0 && items.length >= limit)) break;
  }
  const listMeta: Record<string, unknown> = { resourceVersion: String(revision) };
  if (limit > 0 && more && startAfter !== undefined) {
    listMeta.continue = encodeContinue({ rv: revision, start: startAfter });
  }
  const info = registry.info;
  if (view.kind === 'table') {
    const include = parseIncludeObject(req.query.get('includeObject'));
    res.sendJson(
      200,
      toTable(info, items, listMeta, { include, version: view.version, withColumns: true, now: ctx.now() }),
    );
    return;
  }
  if (view.kind === 'partial') {
    res.sendJson(200, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${view.version}`,
      metadata: listMeta,
      items: items.map((o) => toPartialObjectMetadata(o, view.version)),
    });
    return;
  }
  res.sendJson(200, {
    kind: info.listKind,
    apiVersion: info.group ? `${info.group}/${info.version}` : info.version,
    metadata: listMeta,
    items,
  });
}

/** A plain list without selectors: stored JSON spliced into the response, no parse and re-serialize per item. */
async function listRaw(
  registry: ResourceRegistry,
  namespace: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const limit = parseLimit(req.query.get('limit'));
  const continueText = req.query.get('continue');
  const token = continueText ? decodeContinue(continueText) : undefined;
  const page = await registry.store
    .list(registry.prefix(namespace), {
      ...(limit > 0 ? { limit } : {}),
      ...(token ? { startAfter: token.start, revision: token.rv } : {}),
    })
    .catch(expiredContinue);
  const revision = token?.rv ?? page.revision;
  const last = page.items.at(-1);
  const listMeta: Record<string, unknown> = { resourceVersion: String(revision) };
  if (limit > 0 && page.more && last) listMeta.continue = encodeContinue({ rv: revision, start: last.key });
  const info = registry.info;
  const items = page.items.map((kv) => encodedForList(info, kv)).join(',');
  const head = JSON.stringify({ kind: info.listKind, apiVersion: apiVersionOf(info), metadata: listMeta });
  res.sendRaw(200, 'application/json', `${head.slice(0, -1)},"items":[${items}]}`);
}

export async function handleWatch(
  ctx: ReadContext,
  registry: ResourceRegistry,
  namespace: string,
  name: string,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const baseFilter = selectorFilter(registry.info, req.query, namespace);
  const filter = name ? (o: KubeObject) => o.metadata.name === name && baseFilter(o) : baseFilter;
  const view = negotiateView(req.header('accept'));
  const include = parseIncludeObject(req.query.get('includeObject'));
  const flag = (k: string) => req.query.get(k) === 'true' || req.query.get(k) === '1';
  let first = true;
  let stream: ReturnType<ApiResponse['openStream']> | undefined;
  const pending: string[] = [];
  let ended = false;
  const stop = await startWatch(
    registry,
    {
      namespace,
      resourceVersion: req.query.get('resourceVersion') ?? undefined,
      filter,
      allowBookmarks: flag('allowWatchBookmarks'),
      sendInitialEvents: flag('sendInitialEvents'),
      timeoutSeconds:
        parseTimeoutSeconds(req.query.get('timeoutSeconds')) ?? ctx.minWatchTimeoutSeconds * (1 + Math.random()),
      ...(ctx.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: ctx.bookmarkIntervalMs } : {}),
    },
    {
      send(type, object) {
        let payload: unknown = object;
        if (type !== 'ERROR' && type !== 'BOOKMARK' && view.kind === 'table') {
          payload = toTable(
            registry.info,
            [object as KubeObject],
            {},
            {
              include,
              version: view.version,
              withColumns: first,
              now: ctx.now(),
            },
          );
          first = false;
        } else if (type !== 'ERROR' && view.kind === 'partial') {
          payload = toPartialObjectMetadata(object as KubeObject, view.version);
        }
        const line = `${JSON.stringify({ type, object: payload })}\n`;
        if (stream) stream.write(line);
        else pending.push(line);
      },
      close() {
        if (stream) stream.end();
        else ended = true;
      },
    },
  );
  stream = res.openStream(200, 'application/json');
  stream.onClose(stop);
  for (const line of pending) stream.write(line);
  if (ended) stream.end();
}
