/**
 * Where each card goes: five columns (Ingress, Service, Pods, ReplicaSet, Deployment), pods stacked in drawing
 * order and every other card centred on what it points at, pushed down only to avoid overlapping. Pure, so it
 * recomputes only when the objects change, never on traffic ticks.
 */

export const columns = [
  { key: 'ingresses', title: 'Ingress', width: 190 },
  { key: 'services', title: 'Service', width: 240 },
  { key: 'pods', title: 'Pods', width: 270 },
  { key: 'replicaSets', title: 'ReplicaSet', width: 200 },
  { key: 'deployments', title: 'Deployment', width: 230 },
];

const gapX = 72;
const gapY = 14;
const top = 44;
const pad = 16;
/** How far below its first target a card may sit (about two pods). */
const maxDrop = 200;
/** Endpoint chips a Service card lists before "+N more". */
export const maxEndpointChips = 6;

function heightOf(n) {
  switch (n.resource) {
    case 'pods':
      return 104;
    case 'replicasets':
      return 92;
    case 'deployments':
      return 116;
    case 'services': {
      const shown = Math.min(n.endpoints.length, maxEndpointChips);
      const rows = Math.max(1, Math.ceil(shown / 2)) + (n.endpoints.length > maxEndpointChips ? 1 : 0);
      return 152 + rows * 26;
    }
    default:
      return 96 + 20 * Math.max(1, n.rules.length);
  }
}

export function layout(graph) {
  const boxes = new Map();
  let x = pad;
  const xs = columns.map((c) => {
    const at = x;
    x += c.width + gapX;
    return at;
  });
  const centre = (id) => {
    const b = boxes.get(id);
    return b ? b.y + b.h / 2 : undefined;
  };
  const targets = new Map();
  const sources = new Map();
  for (const e of graph.edges) {
    targets.set(e.from, [...(targets.get(e.from) ?? []), e.to]);
    sources.set(e.to, [...(sources.get(e.to) ?? []), e.from]);
  }
  // Centred on what it points at, but never far below the first of them: with many pods the card stays in sight.
  const mean = (ids) => {
    const ys = (ids ?? []).map(centre).filter((y) => y !== undefined);
    if (ys.length === 0) return undefined;
    return Math.min(ys.reduce((a, b) => a + b, 0) / ys.length, Math.min(...ys) + maxDrop);
  };
  const place = (col, nodes, ideal) => {
    let cursor = top;
    for (const n of nodes) {
      const h = heightOf(n);
      const want = ideal(n);
      const y = want === undefined ? cursor : Math.max(want - h / 2, cursor);
      boxes.set(n.id, { x: xs[col], y, w: columns[col].width, h });
      cursor = y + h + gapY;
    }
  };
  place(2, graph.pods, () => undefined);
  // Leaving pods have no edges: centre owners and Services on their live pods only.
  place(3, graph.replicaSets, (rs) => mean(targets.get(rs.id)));
  place(4, graph.deployments, (d) => mean(targets.get(d.id)));
  place(1, graph.services, (s) => mean(targets.get(s.id)));
  place(0, graph.ingresses, (i) => mean(targets.get(i.id)));
  let height = top;
  for (const b of boxes.values()) height = Math.max(height, b.y + b.h);
  return {
    boxes,
    width: x - gapX + pad,
    height: height + pad,
    columns: columns.map((c, i) => ({ ...c, x: xs[i] })),
  };
}

/** An SVG path from the right side of `a` to the left side of `b` (or left of `a` to right of `b` backwards). */
export function edgePath(a, b) {
  const forward = a.x < b.x;
  const x1 = forward ? a.x + a.w : a.x;
  const x2 = forward ? b.x : b.x + b.w;
  const y1 = a.y + a.h / 2;
  const y2 = b.y + b.h / 2;
  const dx = (x2 - x1) / 2;
  return `M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}`;
}
