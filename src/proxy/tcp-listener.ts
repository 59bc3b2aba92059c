/** A TCP listener on one frontend address (a ClusterIP, NodePort, LoadBalancer or external IP and port). */
import { createServer, type Server, type Socket } from 'node:net';

/** A frontend socket the data plane opens while its Service port has endpoints and closes otherwise. */
export interface Listener {
  readonly isOpen: boolean;
  /** Starts listening; resolves with the error when the address cannot be bound. */
  open(): Promise<Error | undefined>;
  /** Stops accepting (connections already proxied continue). */
  close(): void;
}

export class TcpListener implements Listener {
  private server: Server | undefined;
  private opening: Promise<Error | undefined> | undefined;
  /** A server being closed before it finished binding: the next open waits for it to let go of the address. */
  private releasing: Promise<void> = Promise.resolve();

  constructor(
    readonly ip: string,
    readonly port: number,
    private readonly onConnection: (socket: Socket) => void,
    private readonly onError: (err: Error) => void,
  ) {}

  get isOpen(): boolean {
    return this.server !== undefined;
  }

  open(): Promise<Error | undefined> {
    if (this.server && this.opening) return this.opening;
    // Accepted sockets stay paused until an endpoint accepted; half-closes are forwarded, not answered.
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true }, this.onConnection);
    this.server = server;
    const opening = this.releasing.then(
      () =>
        new Promise<Error | undefined>((resolve) => {
          const onListenError = (err: Error) => {
            if (this.server === server) {
              this.server = undefined;
              this.opening = undefined;
            }
            resolve(err);
          };
          server.once('error', onListenError);
          server.once('listening', () => {
            server.removeListener('error', onListenError);
            server.on('error', this.onError);
            resolve(undefined);
          });
          server.listen({ host: this.ip, port: this.port, backlog: 1024, exclusive: true });
        }),
    );
    this.opening = opening;
    return opening;
  }

  close(): void {
    const server = this.server;
    const opening = this.opening;
    this.server = undefined;
    this.opening = undefined;
    if (!server) return;
    if (server.listening) {
      server.close();
      return;
    }
    this.releasing = (opening ?? Promise.resolve(undefined)).then((err) => {
      if (!err) server.close();
    });
  }
}
