/**
 * The IPC protocol between the benchmark runner and its child processes (emulator, server):
 * the child sends `{ type: 'ready', url, startMs }`; the parent sends `{ type: 'cpu' }` (answered
 * with the CPU time used so far) and `{ type: 'stop' }` (the child closes and exits normally, so
 * a `--cpu-prof` profile gets written).
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export type ToChild = { type: 'cpu'; id: number } | { type: 'stop' };
export type FromChild =
  | { type: 'ready'; url: string; startMs: number }
  | {
      type: 'cpu';
      id: number;
      userUs: number;
      systemUs: number;
      rssBytes: number;
      /** V8 heap in use, after a full collection when the child runs with --expose-gc. */
      heapUsedBytes: number;
    };

/** Child side: announce readiness and serve the control messages. */
export function serveControl(url: string, startMs: number, close: () => Promise<void>): void {
  const send = (message: FromChild) => process.send?.(message);
  process.on('message', (message: ToChild) => {
    if (message.type === 'cpu') {
      const usage = process.cpuUsage();
      (globalThis as { gc?: () => void }).gc?.();
      send({
        type: 'cpu',
        id: message.id,
        userUs: usage.user,
        systemUs: usage.system,
        rssBytes: process.memoryUsage.rss(),
        heapUsedBytes: process.memoryUsage().heapUsed,
      });
    } else if (message.type === 'stop') {
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url, startMs });
}

/** Child side for an HTTP server: listens on a free loopback port, then serves the control messages. */
export async function serveHttpControl(server: Server, started: number): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveControl(`http://127.0.0.1:${port}`, performance.now() - started, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  });
}

export interface Child {
  url: string;
  startMs: number;
  pid: number;
  /** CPU time (user + system) used by the child so far, in ms. */
  cpuMs(): Promise<number>;
  rssBytes(): Promise<number>;
  /** RSS and V8 heap in use (after a full collection with --expose-gc). */
  memory(): Promise<{ rssBytes: number; heapUsedBytes: number }>;
  stop(): Promise<void>;
}

/**
 * Parent side: forks `script` (a .ts file in bench/) through tsx, waits for `ready`.
 * The child's stdout goes to /dev/null (the server's access log is still written), stderr is
 * kept to explain a failed start.
 */
export async function startChild(
  script: string,
  options: { env?: Record<string, string>; execArgv?: string[]; timeoutMs?: number } = {},
): Promise<Child> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child: ChildProcess = fork(path, [], {
    execArgv: ['--conditions=org-widget-source', '--import', 'tsx', ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<Extract<FromChild, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`${script} did not start within ${options.timeoutMs ?? 60_000} ms\n${stderr}`),
      );
    }, options.timeoutMs ?? 60_000);
    child.on('message', function onReady(message: FromChild) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onReady);
      resolve(message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready\n${stderr}`));
    });
  });
  let nextId = 1;
  const usage = () =>
    new Promise<Extract<FromChild, { type: 'cpu' }>>((resolve) => {
      const id = nextId++;
      child.on('message', function onCpu(message: FromChild) {
        if (message.type !== 'cpu' || message.id !== id) return;
        child.off('message', onCpu);
        resolve(message);
      });
      child.send({ type: 'cpu', id } satisfies ToChild);
    });
  let stopping: Promise<void> | undefined;
  return {
    url: ready.url,
    startMs: ready.startMs,
    pid: child.pid ?? -1,
    cpuMs: async () => {
      const u = await usage();
      return (u.userUs + u.systemUs) / 1000;
    },
    rssBytes: async () => (await usage()).rssBytes,
    memory: async () => {
      const { rssBytes, heapUsedBytes } = await usage();
      return { rssBytes, heapUsedBytes };
    },
    stop: () => {
      stopping ??= (async () => {
        if (child.exitCode === null && child.connected)
          child.send({ type: 'stop' } satisfies ToChild);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
