/** The kubeling dashboard: a live drawing of the cluster's objects, served on 127.0.0.1 behind a token. */
export { type DashboardOptions, type RunningDashboard, startDashboard } from './dashboard-server.js';
export type * from './traffic.js';
