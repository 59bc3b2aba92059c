/**
 * The local side of `kubeling port-forward`: listeners on the local addresses and ports, each accepted
 * connection handed to the route (dialled anew per connection) and copied both ways. Messages follow kubectl:
 * `Forwarding from 127.0.0.1:8080 -> 80`, `Handling connection for 8080`, and
 * `an error occurred forwarding 8080 -> 80: <reason>` (the forward keeps running).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { PortMapping } from './port-spec.js';
import type { Route } from './routes.js';

export interface ForwardingOptions {
  addresses: string[];
  /** Fail when any address cannot be bound (explicit --address), rather than when none can. */
  allMustBind: boolean;
  mappings: PortMapping[];
  route: Route;
  out(line: string): void;
  err(line: string): void;
}

export interface Forwarding {
  /** The local port of each mapping (after free ports were picked). */
  ports: number[];
  close(): Promise<void>;
}

function hostPort(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

function listen(server: Server, port: number, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      server.off('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : port);
    });
  });
}

function splice(local: Socket, remote: Duplex, onError: (reason: string) => void): void {
  local.setNoDelay(true);
  const done = () => {
    local.destroy();
    remote.destroy();
  };
  local.on('error', done);
  remote.on('error', (err) => {
    onError(err.message);
    done();
  });
  local.pipe(remote);
  remote.pipe(local);
  local.on('close', () => remote.destroy());
  remote.on('close', () => local.end());
}

export async function startForwarding(options: ForwardingOptions): Promise<Forwarding> {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  const ports: number[] = [];
  const failures: string[] = [];
  for (const mapping of options.mappings) {
    let port = mapping.local;
    let bound = 0;
    for (const address of options.addresses) {
      const server = createServer({ allowHalfOpen: true }, (local) => {
        sockets.add(local);
        local.on('close', () => sockets.delete(local));
        options.out(`Handling connection for ${port}`);
        const report = (reason: string) =>
          options.err(`an error occurred forwarding ${port} -> ${options.route.label(mapping.remote)}: ${reason}`);
        options.route.dial(mapping.remote).then(
          (remote) => splice(local, remote, report),
          (err: unknown) => {
            report(err instanceof Error ? err.message : String(err));
            local.destroy();
          },
        );
      });
      try {
        port = await listen(server, port, address);
        servers.push(server);
        bound++;
        options.out(`Forwarding from ${hostPort(address, port)} -> ${options.route.label(mapping.remote)}`);
      } catch (err) {
        failures.push(`${hostPort(address, port)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (bound === 0 || (options.allMustBind && bound < options.addresses.length)) {
      for (const s of servers) s.close();
      throw new Error(`unable to listen on any of the requested ports: ${failures.join('; ')}`);
    }
    ports.push(port);
  }
  return {
    ports,
    async close() {
      for (const s of sockets) s.destroy();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
      options.route.close();
    },
  };
}
