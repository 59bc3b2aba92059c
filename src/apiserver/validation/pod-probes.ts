/** Probes and lifecycle handlers of containers (kubernetes core validation). */
import type { Lifecycle, LifecycleHandler, Probe } from 'kubernetes-types/core/v1.js';
import type { FieldError } from '../../api/status-error.js';
import { forbidden, invalid, notSupported, required } from './field-errors.js';
import { child } from './field-path.js';
import { isHTTPHeaderName, isValidPortName, isValidPortNum } from './names.js';
import { validateNonnegative } from './object-meta.js';

/** A port given as a number (1–65535) or an IANA service name. */
export function validatePortNumOrName(port: unknown, field: string): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => invalid(field, port, msg));
  if (typeof port === 'string') return isValidPortName(port).map((msg) => invalid(field, port, msg));
  return [{ type: 'InternalError', field, detail: `unknown type: ${typeof port}` }];
}

type Handler = LifecycleHandler & Pick<Probe, 'grpc'>;

function validateHandler(h: Handler, gracePeriod: number | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const one = (name: string, check: () => FieldError[]): void => {
    if (count > 0) {
      errs.push(forbidden(child(field, name), 'may not specify more than 1 handler type'));
      return;
    }
    count++;
    errs.push(...check());
  };
  if (h.exec)
    one('exec', () => ((h.exec?.command ?? []).length === 0 ? [required(child(field, 'exec', 'command'))] : []));
  if (h.httpGet) {
    const g = h.httpGet;
    one('httpGet', () => {
      const p = child(field, 'httpGet');
      const out: FieldError[] = [];
      if (!g.path) out.push(required(child(p, 'path')));
      out.push(...validatePortNumOrName(g.port, child(p, 'port')));
      const scheme = g.scheme ?? '';
      if (scheme !== 'HTTP' && scheme !== 'HTTPS')
        out.push(notSupported(child(p, 'scheme'), scheme, ['HTTP', 'HTTPS']));
      for (const header of g.httpHeaders ?? []) {
        out.push(
          ...isHTTPHeaderName(header.name ?? '').map((msg) => invalid(child(p, 'httpHeaders'), header.name ?? '', msg)),
        );
      }
      return out;
    });
  }
  if (h.tcpSocket) one('tcpSocket', () => validatePortNumOrName(h.tcpSocket?.port, child(field, 'tcpSocket', 'port')));
  if (h.grpc) one('grpc', () => validatePortNumOrName(h.grpc?.port ?? 0, child(field, 'grpc', 'port')));
  if (h.sleep) {
    const seconds = h.sleep.seconds ?? 0;
    one('sleep', () =>
      gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)
        ? [
            invalid(
              child(field, 'sleep'),
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          ]
        : [],
    );
  }
  if (count === 0) errs.push(required(field, 'must specify a handler type'));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, field: string): FieldError[] {
  const handler: Handler = {};
  if (probe.exec) handler.exec = probe.exec;
  if (probe.httpGet) handler.httpGet = probe.httpGet;
  if (probe.tcpSocket) handler.tcpSocket = probe.tcpSocket;
  if (probe.grpc) handler.grpc = probe.grpc;
  const errs = validateHandler(handler, gracePeriod, field);
  for (const name of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    errs.push(...validateNonnegative(probe[name] ?? 0, child(field, name)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && tgps <= 0) {
    errs.push(invalid(child(field, 'terminationGracePeriodSeconds'), tgps, 'must be greater than 0'));
  }
  return errs;
}

/** Liveness and startup probes must have `successThreshold` 1; readiness probes may not set a grace period. */
export function validateProbes(
  c: { livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe },
  gracePeriod: number | undefined,
  field: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = c[name];
    if (!probe) continue;
    const p = child(field, name);
    errs.push(...validateProbe(probe, gracePeriod, p));
    if (name !== 'readinessProbe' && (probe.successThreshold ?? 1) !== 1) {
      errs.push(invalid(child(p, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
    }
    if (name === 'readinessProbe' && probe.terminationGracePeriodSeconds !== undefined) {
      errs.push(
        invalid(
          child(p, 'terminationGracePeriodSeconds'),
          probe.terminationGracePeriodSeconds,
          'must not be set for readinessProbes',
        ),
      );
    }
  }
  return errs;
}

export function validateLifecycle(lifecycle: Lifecycle, gracePeriod: number | undefined, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart) errs.push(...validateHandler(lifecycle.postStart, gracePeriod, child(field, 'postStart')));
  if (lifecycle.preStop) errs.push(...validateHandler(lifecycle.preStop, gracePeriod, child(field, 'preStop')));
  return errs;
}
