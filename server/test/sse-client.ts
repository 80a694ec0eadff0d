/** A test client of the live-update stream: reads Server-Sent Events with fetch, as the elements do. */
/** One Server-Sent Events block, as read by the test. */
interface Received {
  event: string;
  data: unknown;
}

/** An open stream read in the background; `next()` waits for a matching block. */
export interface OpenedStream {
  status: number;
  headers: Headers;
  received: Received[];
  /** The raw text so far (comments and retry: included). */
  text(): string;
  next(match: (r: Received) => boolean, ms?: number): Promise<Received>;
  /** Resolves when the server closed the stream. */
  closed: Promise<void>;
  close(): void;
}

export async function openStream(
  base: string,
  orgId: string,
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<OpenedStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/organizations/${orgId}/events`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    signal: abort.signal,
  });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  let raw = '';
  let buffer = '';
  const closed = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) break;
        const text = decoder.decode(chunk, { stream: true });
        raw += text;
        buffer += text;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop()!;
        for (const block of blocks) {
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) received.push({ event, data: JSON.parse(data) });
        }
        waiters.forEach((wake) => wake());
      }
    } catch {
      // aborted by the test
    }
    waiters.forEach((wake) => wake());
  })();
  let ended = false;
  void closed.then(() => (ended = true));
  return {
    status: res.status,
    headers: res.headers,
    received,
    text: () => raw,
    closed,
    close: () => abort.abort(),
    async next(match, ms = 4000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const hit = received.find(match);
        if (hit) return hit;
        if (ended) throw new Error(`stream closed without a match: ${raw}`);
        if (Date.now() > deadline) throw new Error(`no matching event in ${ms} ms: ${raw}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          waiters.add(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}
