/** The traffic generator's switch: a few requests per second to a Service's ClusterIP, and what came of them. */
import { useState } from 'preact/hooks';
import { html } from './html.js';

const sourceNote = {
  cluster: 'Counters: the cluster’s service proxy and ingress.',
  generator: 'Counters: the generator’s own requests (no cluster traffic source).',
  none: 'No traffic counters yet.',
};

export function TrafficPanel({ state, traffic, onTraffic }) {
  const services = [...state.objects.services.values()].filter(
    (s) => s.spec?.clusterIP && s.spec.clusterIP !== 'None' && (s.spec.ports ?? []).length > 0,
  );
  const [chosen, setChosen] = useState('');
  const gen = traffic?.generator;
  const running = gen?.running ?? false;
  const service = services.some((s) => s.metadata.name === chosen) ? chosen : (services[0]?.metadata.name ?? '');
  const toggle = () =>
    onTraffic(running ? { command: 'stop' } : { command: 'start', namespace: state.namespace, service });
  const status = running
    ? `Sending requests to ${gen.target} (${gen.address}).`
    : sourceNote[traffic?.source ?? 'none'];
  return html`<div class="traffic" role="group" aria-labelledby="traffic-label">
    <span id="traffic-label" class="label">Traffic</span>
    <label class="visually-hidden" for="traffic-service">Service to send requests to</label>
    <select id="traffic-service" value=${service} disabled=${running || services.length === 0}
      onChange=${(e) => setChosen(e.currentTarget.value)}>
      ${services.map((s) => html`<option key=${s.metadata.name} value=${s.metadata.name}>${s.metadata.name}</option>`)}
    </select>
    <button class="action" data-testid="traffic-toggle" aria-pressed=${running} onClick=${toggle}
      disabled=${!running && !service}>
      ${running ? 'Stop traffic' : 'Start traffic'}
    </button>
    <span class="traffic-status" role="status" data-testid="traffic-status">${status}</span>
    ${running && html`<span class="traffic-counts">${gen.answered} answered, ${gen.failed} failed</span>`}
    ${gen && !gen.available && html`<span class="error" data-testid="traffic-unavailable">Traffic unavailable: ${gen.message}</span>`}
  </div>`;
}
