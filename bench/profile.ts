/**
 * Summary of a V8 CPU profile (`node --cpu-prof`): where the companion server spends its time,
 * as self time per function, self time per package (or per source folder of this project), and
 * inclusive time of the frames that usually explain server overhead.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  /** Share of busy (non-idle) time, in percent. */
  selfByFunction: Array<{ frame: string; ms: number; percent: number }>;
  selfByOrigin: Array<{ origin: string; ms: number; percent: number }>;
  inclusive: Array<{ frame: string; ms: number; percent: number }>;
}

/** Where a script comes from: a package, a folder of this project, or Node itself. */
export function originOf(url: string): string {
  if (!url) return '(native/V8)';
  const path = url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return pkg[1]!;
  if (path.startsWith('node:')) return 'node:' + path.slice(5).split('/')[0];
  const own = /\/(server|emulator|bench|widget)\/src\/([^/]+)/.exec(path);
  if (own) return `${own[1]}/src/${own[2]}`;
  return path.split('/').slice(-2).join('/');
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  // Web Crypto runs sign/verify as a job started from this anonymous function.
  if (url === 'node:internal/crypto/util' && !functionName) return '(Web Crypto job: sign/verify)';
  const file = url
    ? url
        .replace(/^file:\/\//, '')
        .replace(/^.*node_modules\//, '')
        .replace(/^.*\/(server|emulator|bench)\//, '$1/')
    : '';
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

/** Frames whose inclusive time is reported when present (matched on function name). */
const INTERESTING = [
  'jwtVerify',
  'compactVerify',
  'flattenedVerify',
  'getKey',
  'verify',
  'fetchWithRetry',
  'fetchWithTimeout',
  'fetch',
  'requireOrganizationTokenMiddleware',
  'accessLog',
  'requestId',
  'runWithRequestId',
  'log',
  'write',
  'stringify',
  'parse',
  'jsonParser',
  'helmetMiddleware',
  'corsMiddleware',
  'listMembers',
  'invite',
  'revokeInvitation',
  'liveAccess',
  'roleTemplate',
  'rateLimit',
  'errorHandler',
];

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  let idleMs = 0;
  const fnSelf = new Map<string, number>();
  const originSelf = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)') {
      if (name === '(idle)') idleMs += ms;
    }
    if (name === '(idle)') continue;
    const frame = frameName(node);
    fnSelf.set(frame, (fnSelf.get(frame) ?? 0) + ms);
    const origin =
      name === '(garbage collector)'
        ? '(garbage collector)'
        : name === '(program)'
          ? '(program)'
          : originOf(node.callFrame.url);
    originSelf.set(origin, (originSelf.get(origin) ?? 0) + ms);
  }
  const busy = Math.max(totalMs - idleMs, 1e-9);
  // Inclusive time: self time of every node below, counted once per frame name per stack.
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node) break;
      const name = node.callFrame.functionName;
      if (!INTERESTING.includes(name)) continue;
      const key = `${name} (${originOf(node.callFrame.url)})`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const list = <K extends string>(map: Map<string, number>, key: K, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, ms]) =>
          ({ [key]: name, ms: Math.round(ms), percent: Math.round((ms / busy) * 1000) / 10 }) as {
            [P in K]: string;
          } & { ms: number; percent: number },
      );
  return {
    file,
    totalMs: Math.round(totalMs),
    idleMs: Math.round(idleMs),
    selfByFunction: list(fnSelf, 'frame', top),
    selfByOrigin: list(originSelf, 'origin', top),
    inclusive: list(inclusive, 'frame', 25),
  };
}
