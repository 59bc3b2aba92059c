/**
 * The arguments of `kubeling port-forward`, read as kubectl reads them: `TYPE/NAME` (a bare name is a pod) and
 * `[LOCAL:]REMOTE` pairs (`8080:80`, `80` for the same port, `:80` or `0:80` for a free local port; REMOTE may be
 * a port name).
 */
import { CliError } from '../context.js';

export type TargetKind = 'pod' | 'service' | 'deployment' | 'replicaset';

export interface Target {
  kind: TargetKind;
  name: string;
}

export interface PortMapping {
  /** 0 picks a free port. */
  local: number;
  /** A port number, or a port name (container port name, or service port name for services). */
  remote: string;
}

const kinds: Record<string, TargetKind> = {
  po: 'pod',
  pod: 'pod',
  pods: 'pod',
  svc: 'service',
  service: 'service',
  services: 'service',
  deploy: 'deployment',
  deployment: 'deployment',
  deployments: 'deployment',
  'deployment.apps': 'deployment',
  'deployments.apps': 'deployment',
  rs: 'replicaset',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  'replicaset.apps': 'replicaset',
  'replicasets.apps': 'replicaset',
};

export function parseTarget(arg: string): Target {
  const slash = arg.indexOf('/');
  if (slash < 0) return { kind: 'pod', name: arg };
  const type = arg.slice(0, slash).toLowerCase();
  const name = arg.slice(slash + 1);
  const kind = kinds[type];
  if (!kind) throw new CliError(`cannot port-forward to "${type}": use pod/NAME, svc/NAME, deploy/NAME or rs/NAME`);
  if (!name) throw new CliError(`no name in "${arg}"`);
  return { kind, name };
}

const portName = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function port(text: string, what: string, allowZero: boolean): number {
  if (!/^\d+$/.test(text)) throw new CliError(`invalid ${what} port "${text}"`);
  const n = Number(text);
  if (n > 65535 || (n === 0 && !allowZero)) throw new CliError(`invalid ${what} port "${text}"`);
  return n;
}

export function parsePortMapping(spec: string): PortMapping {
  const parts = spec.split(':');
  if (parts.length > 2) throw new CliError(`invalid port format "${spec}": use [LOCAL:]REMOTE`);
  const [first = '', second] = parts;
  const remote = second ?? first;
  if (!/^\d+$/.test(remote) && !(portName.test(remote) && /[a-z]/.test(remote) && remote.length <= 15)) {
    throw new CliError(`invalid remote port "${remote}"`);
  }
  if (/^\d+$/.test(remote)) port(remote, 'remote', false);
  if (second === undefined) {
    if (!/^\d+$/.test(first)) throw new CliError(`a named remote port needs a local port: LOCAL:${first}`);
    return { local: port(first, 'local', false), remote };
  }
  return { local: first === '' ? 0 : port(first, 'local', true), remote };
}

/** `localhost` (the default) listens on 127.0.0.1 and ::1, as kubectl does; otherwise a comma-separated list. */
export function listenAddresses(address: string): { addresses: string[]; allMustBind: boolean } {
  const list = address
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (list.length === 1 && list[0] === 'localhost') return { addresses: ['127.0.0.1', '::1'], allMustBind: false };
  return { addresses: list.map((a) => (a === 'localhost' ? '127.0.0.1' : a)), allMustBind: true };
}
