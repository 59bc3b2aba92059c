/**
 * The API request pipeline after authentication: non-resource paths (version, health, discovery, OpenAPI)
 * and resource requests routed to the generic registry of each resource.
 */

import type { ApiRequest, ApiResponse } from '../api/http-types.js';
import { findResource, resources } from '../api/registry.js';
import { methodNotAllowed, StatusError, toStatusError } from '../api/status-error.js';
import type { Store } from '../storage/store.js';
import {
  aggregatedDiscovery,
  apiResourceList,
  discoveryContentType,
  legacyApiGroup,
  legacyApiGroupList,
  legacyApiVersions,
  negotiateDiscovery,
} from './discovery.js';
import { type ManagedFieldsRecorder, ResourceRegistry } from './generic-registry.js';
import { handleBinding } from './handlers/binding-handler.js';
import { handleGet, handleList, handleWatch } from './handlers/read-handlers.js';
import { handleScale } from './handlers/scale-handlers.js';
import {
  handleCreate,
  handleDelete,
  handleDeleteCollection,
  handlePatch,
  handleUpdate,
} from './handlers/write-handlers.js';
import { selectorFilter } from './list-options.js';
import { openapiV2Body, openapiV2ContentType, openapiV3DocumentBody, openapiV3Paths } from './openapi/index.js';
import { parseApiPath, type ResourceRequestInfo } from './request-info.js';
import { strategyFor } from './strategies/index.js';
import { kubernetesVersion } from './version.js';

export interface ApiHandlerOptions {
  store: Store;
  now?: () => Date;
  /** `host:port` the server is reachable at (legacy discovery's serverAddressByClientCIDRs). */
  serverAddress: () => string;
  recordManagedFields?: ManagedFieldsRecorder;
  bookmarkIntervalMs?: number;
  /** Watches without timeoutSeconds last between this and twice this (default 1800 s, as kube-apiserver). */
  minWatchTimeoutSeconds?: number;
  /** Extra subresource handlers added by later components (log, exec, portforward ...). */
  subresources?: Map<string, SubresourceHandler>;
  isReady?: () => boolean;
}

export type SubresourceHandler = (ri: ResourceRequestInfo, req: ApiRequest, res: ApiResponse) => Promise<void>;

const notFoundStatus = () => new StatusError('NotFound', 'the server could not find the requested resource', {});

export class ApiHandler {
  readonly registries = new Map<string, ResourceRegistry>();
  private readonly now: () => Date;

  constructor(private readonly options: ApiHandlerOptions) {
    this.now = options.now ?? (() => new Date());
    for (const info of resources) {
      const deps = {
        store: options.store,
        now: this.now,
        strategy: strategyFor(info),
        ...(options.recordManagedFields ? { recordManagedFields: options.recordManagedFields } : {}),
      };
      this.registries.set(`${info.group}/${info.version}/${info.resource}`, new ResourceRegistry(info, deps));
    }
  }

  registry(group: string, version: string, resource: string): ResourceRegistry | undefined {
    return this.registries.get(`${group}/${version}/${resource}`);
  }

  async handle(req: ApiRequest, res: ApiResponse): Promise<void> {
    try {
      await this.route(req, res);
    } catch (err) {
      const status = toStatusError(err);
      if (status.code >= 500)
        console.error(`${req.method} ${req.path}: ${err instanceof Error ? err.stack : String(err)}`);
      res.sendJson(status.code, status.toStatus());
    }
  }

  private async route(req: ApiRequest, res: ApiResponse): Promise<void> {
    const path = req.path;
    switch (path) {
      case '/version':
      case '/version/':
        res.sendJson(200, kubernetesVersion);
        return;
      case '/healthz':
      case '/livez':
        res.sendRaw(200, 'text/plain; charset=utf-8', 'ok');
        return;
      case '/readyz': {
        const ready = this.options.isReady?.() ?? true;
        res.sendRaw(ready ? 200 : 500, 'text/plain; charset=utf-8', ready ? 'ok' : 'readyz check failed');
        return;
      }
      case '/openapi/v2':
        res.sendRaw(200, openapiV2ContentType, openapiV2Body());
        return;
      case '/openapi/v3':
        res.sendJson(200, { paths: openapiV3Paths() });
        return;
    }
    if (path.startsWith('/healthz/') || path.startsWith('/livez/') || path.startsWith('/readyz/')) {
      res.sendRaw(200, 'text/plain; charset=utf-8', 'ok');
      return;
    }
    if (path.startsWith('/openapi/v3/')) {
      const doc = openapiV3DocumentBody(path.slice('/openapi/v3/'.length));
      if (!doc) throw notFoundStatus();
      res.sendRaw(200, 'application/json', doc.json);
      return;
    }
    const parsed = parseApiPath(req.method, path, req.query);
    if (!parsed) throw notFoundStatus();
    if ('discovery' in parsed) {
      this.discovery(parsed.discovery, req, res);
      return;
    }
    await this.resource(parsed.resource, req, res);
  }

  private discovery(
    d: { kind: 'root-api' | 'root-apis' | 'group' | 'group-version'; group: string; version: string },
    req: ApiRequest,
    res: ApiResponse,
  ): void {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      throw methodNotAllowed('the server does not allow this method on the requested resource');
    const format = negotiateDiscovery(req.header('accept'));
    if (d.kind === 'root-api' || d.kind === 'root-apis') {
      const root = d.kind === 'root-api' ? 'api' : 'apis';
      if (format !== 'legacy') {
        res.sendJson(200, aggregatedDiscovery(root, format), discoveryContentType(format));
      } else {
        res.sendJson(200, root === 'api' ? legacyApiVersions(this.options.serverAddress()) : legacyApiGroupList());
      }
      return;
    }
    const body = d.kind === 'group' ? legacyApiGroup(d.group) : apiResourceList(d.group, d.version);
    if (!body) throw notFoundStatus();
    res.sendJson(200, body);
  }

  private async resource(ri: ResourceRequestInfo, req: ApiRequest, res: ApiResponse): Promise<void> {
    const registry = this.registry(ri.group, ri.version, ri.resource);
    const info = findResource(ri.group, ri.version, ri.resource);
    if (!registry || !info) throw notFoundStatus();
    if (ri.namespace && !info.namespaced) throw notFoundStatus();
    const ctx = {
      now: this.now,
      minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds ?? 1800,
      ...(this.options.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: this.options.bookmarkIntervalMs } : {}),
    };
    const { namespace, name, subresource, verb } = ri;
    if (subresource) {
      const declared = info.subresources.find((s) => s.name === subresource);
      if (!declared || !name) throw notFoundStatus();
      const extra = this.options.subresources?.get(`${info.resource}/${subresource}`);
      if (extra) return extra(ri, req, res);
      switch (subresource) {
        case 'status':
        case 'finalize':
          if (verb === 'get') return handleGet(ctx, registry, namespace, name, req, res);
          if (verb === 'update') return handleUpdate(registry, namespace, name, subresource, req, res);
          if (verb === 'patch' && subresource === 'status') {
            return handlePatch(ctx, registry, namespace, name, subresource, req, res);
          }
          break;
        case 'scale':
          return handleScale(registry, namespace, name, verb, req, res);
        case 'binding':
          if (verb === 'create') return handleBinding(registry, namespace, name, req, res);
          break;
      }
      throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
    switch (verb) {
      case 'get':
        return handleGet(ctx, registry, namespace, name, req, res);
      case 'list':
        return handleList(ctx, registry, namespace, req, res);
      case 'watch':
        return handleWatch(ctx, registry, namespace, name, req, res);
      case 'create':
        if (name) throw methodNotAllowed('the server does not allow this method on the requested resource');
        return handleCreate(registry, namespace, req, res);
      case 'update':
        return handleUpdate(registry, namespace, name, '', req, res);
      case 'patch':
        return handlePatch(ctx, registry, namespace, name, '', req, res);
      case 'delete':
        return handleDelete(registry, namespace, name, req, res);
      case 'deletecollection':
        if (!info.verbs.includes('deletecollection'))
          throw methodNotAllowed('the server does not allow this method on the requested resource');
        return handleDeleteCollection(registry, namespace, selectorFilter(info, req.query, namespace), req, res);
      default:
        throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
  }
}
