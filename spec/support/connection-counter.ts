import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of `port` that counts the connections clients open
 * through it: proof of how many connections a client made.
 */
export class ConnectionCounter {
  connections = 0;
  readonly #sockets = new Set<Socket>();
  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(port: number): Promise<ConnectionCounter> {
    let counter: ConnectionCounter | undefined;
    const server = createServer((client) => {
      counter!.connections++;
      const upstream = connect(port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        counter!.#sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => (counter!.#sockets.delete(socket), client.destroy(), upstream.destroy()));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    counter = new ConnectionCounter(server, (server.address() as { port: number }).port);
    return counter;
  }

  /** How many of them are still open. */
  get open(): number {
    return this.#sockets.size / 2;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
