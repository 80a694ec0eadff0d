/**
 * Child process of the benchmarks: the emulator on a free loopback port, seeded from the
 * `BENCH_SEED` JSON (a large seed) or the demo seed. Reports `{ ready, url }` over IPC and
 * answers `cpu` (CPU time used so far) and `stop`.
 */
import { startEmulator, type LargeSeed } from '../emulator/src/index.js';
import { serveControl } from './control.js';

const seed = process.env.BENCH_SEED ? (JSON.parse(process.env.BENCH_SEED) as LargeSeed) : 'demo';
const started = performance.now();
const emulator = await startEmulator({
  port: 0,
  host: '127.0.0.1',
  seed,
  ...(process.env.ORG_API_RESOURCE && { companionResource: process.env.ORG_API_RESOURCE }),
});
serveControl(emulator.url, performance.now() - started, () => emulator.close());
