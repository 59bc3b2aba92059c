/**
 * The dashboard server's API as the app uses it. The token travels in a cookie set when the page was opened
 * with `?token=`, so every request here and the event stream are authenticated without repeating it.
 */

async function answer(res) {
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  if (!res.ok) throw new Error(typeof body === 'object' && body?.message ? body.message : `${res.status}: ${text}`);
  return body;
}

export async function getJson(path, params) {
  return answer(await fetch(`${path}?${new URLSearchParams(params)}`, { headers: { accept: 'application/json' } }));
}

export async function postJson(path, body) {
  return answer(
    await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
}

/**
 * Opens the live feed of a namespace ('' = the server's suggestion); `on` has snapshot, changes, traffic and
 * status callbacks. The browser reconnects by itself; each reconnect starts with a fresh snapshot.
 */
export function openStream(namespace, on) {
  const source = new EventSource(`/api/stream?${new URLSearchParams({ namespace })}`);
  const listen = (name, fn) => source.addEventListener(name, (e) => fn(JSON.parse(e.data)));
  listen('snapshot', (s) => {
    on.status('live');
    on.snapshot(s);
  });
  listen('changes', on.changes);
  listen('traffic', on.traffic);
  source.onerror = () => on.status(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  return () => source.close();
}
