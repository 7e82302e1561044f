import net from 'node:net';

/** Distinct free loopback ports: every one stays taken until all are chosen, so the system cannot hand out one twice. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** Whether a process with this pid is running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of a GraphQL service listening on `host` (unset or every interface: dialled as localhost). */
export function graphqlUrl(host: string | undefined, port: number): string {
  return `http://${host && host !== '0.0.0.0' ? host : 'localhost'}:${port}/graphql`;
}
