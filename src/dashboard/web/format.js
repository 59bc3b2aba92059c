/** How objects read on the cards: the same words and numbers kubectl prints. */

/** kubectl's STATUS column for a pod (Terminating, a container's waiting reason, or the phase). */
export function podStatus(pod) {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const statuses = pod.status?.containerStatuses ?? [];
  for (const c of statuses) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) return reason;
  }
  if (pod.status?.reason) return pod.status.reason;
  return pod.status?.phase ?? 'Pending';
}

/** `ready/total` containers, as kubectl's READY column. */
export function podReady(pod) {
  const total = pod.spec?.containers?.length ?? 0;
  const ready = (pod.status?.containerStatuses ?? []).filter((c) => c.ready).length;
  return `${ready}/${total}`;
}

export function isPodReady(pod) {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function podRestarts(pod) {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

/** `app=hello,tier=web`, or `<none>`. */
export function selectorText(selector) {
  const entries = Object.entries(selector ?? {});
  return entries.length === 0 ? '<none>' : entries.map(([k, v]) => `${k}=${v}`).join(',');
}

/** Whether every `key=value` of an equality selector is among the labels (an empty selector selects nothing). */
export function selects(selector, labels) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

/** `80→8080/TCP` for each port of a Service. */
export function servicePorts(svc) {
  return (svc.spec?.ports ?? [])
    .map(
      (p) =>
        `${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${p.targetPort}` : ''}/${p.protocol ?? 'TCP'}`,
    )
    .join(', ');
}

export function revision(obj) {
  return obj.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '?';
}

/** The controlling owner's name of the given kind, if any. */
export function ownerName(obj, kind) {
  return (obj.metadata.ownerReferences ?? []).find((o) => o.kind === kind && o.controller)?.name;
}

/** `RollingUpdate (25% surge, 25% unavailable)` or `Recreate`. */
export function strategyText(deploy) {
  const s = deploy.spec?.strategy ?? {};
  if (s.type === 'Recreate') return 'Recreate';
  const r = s.rollingUpdate ?? {};
  return `RollingUpdate (surge ${r.maxSurge ?? '25%'}, unavailable ${r.maxUnavailable ?? '25%'})`;
}

/** Age as kubectl prints it: 45s, 3m, 2h, 5d. */
export function age(timestamp, now = Date.now()) {
  if (!timestamp) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** `2.5 req/s`, with one decimal below 10. */
export function rateText(rate) {
  if (!rate) return '0 req/s';
  return `${rate < 10 ? rate.toFixed(1) : Math.round(rate)} req/s`;
}

export function eventTime(e) {
  return e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '';
}

/** `host/path → service:port` for each rule of an Ingress (no host: any). */
export function ingressRules(ing) {
  const rows = [];
  if (ing.spec?.defaultBackend?.service) rows.push(`default → ${ing.spec.defaultBackend.service.name}`);
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const port = p.backend?.service?.port;
      rows.push(`${rule.host ?? ''}${p.path ?? '/'} → ${p.backend?.service?.name}:${port?.name ?? port?.number ?? ''}`);
    }
  }
  return rows;
}
