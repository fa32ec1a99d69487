import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../src/common/free-port';

/** The compiled server as `npm start` runs it, started as a child process for end-to-end tests. */
export const ROOT = path.join(__dirname, '..', '..');
export const ENTRY = path.join(ROOT, 'dist', 'src', 'index.js');

export interface Server {
  process: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts the server and waits until `/readyz` answers (it fails with the server's output). */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [ENTRY], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return { process: child, url, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready:\n${output}`);
}

/** Stops the server with SIGTERM, as a supervisor would, and returns its exit code. */
export async function stopServer(server: Server): Promise<number | null> {
  if (server.process.exitCode !== null) return server.process.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    server.process.once('exit', (code) => resolve(code)),
  );
  server.process.kill('SIGTERM');
  return exited;
}
