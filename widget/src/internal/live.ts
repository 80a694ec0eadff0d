/**
 * Live updates for the elements: a Lit controller that tells its element when its organization
 * changed elsewhere, so it fetches again without losing what the user is doing.
 *
 * ```ts
 * readonly #live = new LiveController(this, ['members', 'roles'], (event) => this.#onLive(event));
 * ```
 *
 * - One connection per API base and organization, shared by every element of the page: `GET
 *   <apiBase>/organizations/<id>/events` read with `fetch` (the organization token goes in the
 *   Authorization header), parsed as Server-Sent Events.
 * - Reconnects after a drop with exponential backoff and jitter, starting at the server's
 *   `retry:`; a stream silent for longer than two heartbeats counts as dropped.
 * - After a reconnection, and whenever the page becomes visible again, every element gets
 *   `undefined` ("fetch again, something may have changed"): Logto sends no webhook for some
 *   changes and does not retry failed deliveries.
 * - A server without the stream (404, 501) or a caller it refuses for good (403, an `end` event
 *   other than an expired token) leaves the elements as they are today: no error is shown.
 * - `live="off"` on an element turns all of this off for it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LiveEvent, LiveEventType } from 'logto-org-widget-contract';
import { contextCache, resolveConfig, type GetAccessToken } from './config.js';

/** `event` is a signal; `undefined` means "fetch again" (reconnected, page visible again). */
export type LiveHandler = (event: LiveEvent | undefined, announce: boolean) => void;

interface LiveHost extends ReactiveControllerHost, HTMLElement {
  organizationId: string;
  apiBase?: string;
  getAccessToken?: GetAccessToken | undefined;
}

/** Signals arriving this soon after a change made on this page are not announced. */
const QUIET_MS = 3000;
const IDLE_MS = 65_000;
const BATCH_MS = 150;
const MAX_DELAY_MS = 60_000;
let localChangeAt = 0;

/** Called by the API client after a change made from this page succeeded (tests pass 0). */
export function noteLocalChange(at = Date.now()): void {
  localChangeAt = at;
}

/** Requests of the API client in flight on this page, and who waits for there to be none. */
let inFlight = 0;
let onSettled: (() => void)[] = [];
/** A stream waits this long at most for the page's requests to settle (a hung one). */
const SETTLE_MS = 3000;

/** Called by the API client around each request: `done` once it answered or failed. */
export function noteRequest(): () => void {
  inFlight += 1;
  return () => {
    inFlight -= 1;
    if (inFlight) return;
    const waiting = onSettled;
    onSettled = [];
    waiting.forEach((resolve) => resolve());
  };
}

/**
 * Resolves once no request of the API client is in flight, one task later (the answers are drawn
 * before the stream is asked for, and a request started meanwhile, e.g. after a token was read,
 * is waited for too), or after SETTLE_MS.
 */
async function requestsSettled(): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  for (;;) {
    if (inFlight) {
      await new Promise<void>((resolve) => {
        onSettled.push(resolve);
        setTimeout(resolve, deadline - Date.now());
      });
    }
    await new Promise((resolve) => setTimeout(resolve));
    if (!inFlight || Date.now() >= deadline) return;
  }
}

type Listener = (event: LiveEvent | undefined) => void;

class Channel {
  readonly listeners = new Set<Listener>();
  #abort = new AbortController();
  #wake: (() => void) | undefined;
  #batch: Map<string, LiveEvent> | undefined;

  constructor(
    readonly key: string,
    url: string,
    organizationId: string,
    token: GetAccessToken,
  ) {
    void this.#run(url, organizationId, token);
  }

  emit(event?: LiveEvent) {
    // Answers shared between elements for a few seconds (organization context, admin count)
    // may be what just changed.
    contextCache.clear();
    this.listeners.forEach((listener) => listener(event));
  }

  /**
   * Signals arriving within BATCH_MS are handed on together, identical ones once: the server's
   * own signal and Logto's webhook for the same change make one refetch. Safe, because the
   * refetch happens after every change of the batch was signalled, so after it was made.
   */
  #queue(data: string) {
    if (!this.#batch) {
      const batch = (this.#batch = new Map());
      setTimeout(() => {
        this.#batch = undefined;
        batch.forEach((event) => this.emit(event));
      }, BATCH_MS);
    }
    this.#batch.set(data, JSON.parse(data) as LiveEvent);
  }

  /** Cuts short a wait before reconnecting. */
  wake() {
    this.#wake?.();
  }

  close() {
    this.#abort.abort();
    this.wake();
    channels.delete(this.key);
  }

  async #run(url: string, organizationId: string, token: GetAccessToken) {
    const stop = this.#abort.signal;
    let delay = 1000;
    let failures = 0;
    let opened = false;
    // The elements' own requests go first, and their answers are drawn: opening the stream
    // costs the page a request (and the server a membership check) the first rows do not need.
    // A change made between their reads and the stream's start is not signalled, as before (the
    // stream always started after the reads); the next signal or resync brings it.
    await requestsSettled();
    while (!stop.aborted) {
      const attempt = new AbortController();
      const abort = () => attempt.abort();
      stop.addEventListener('abort', abort);
      let idle: ReturnType<typeof setTimeout> | undefined;
      try {
        const response = await fetch(url, {
          headers: {
            authorization: `Bearer ${await token({ kind: 'organization', organizationId })}`,
          },
          cache: 'no-store',
          signal: attempt.signal,
        });
        // No stream on this server, or not for this caller: stay as without live updates.
        if ([403, 404, 501].includes(response.status)) return this.close();
        if (response.ok) {
          if (opened) this.emit();
          opened = true;
          failures = 0;
          const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            clearTimeout(idle);
            idle = setTimeout(abort, IDLE_MS);
            const { value, done } = await reader.read();
            if (done) break;
            // Events are blocks ended by a blank line; the server writes one `data:` line each.
            const blocks = (buffer += value).split('\n\n');
            buffer = blocks.pop()!;
            for (const block of blocks) {
              const data = /^data: ?(.*)$/m.exec(block)?.[1];
              delay = Number(/^retry: ?(\d+)$/m.exec(block)?.[1]) || delay;
              if (!data) continue;
              if (!/^event: ?end$/m.test(block)) this.#queue(data);
              // The token expired: reconnect at once with a fresh one. Anything else is for good.
              else if (data.includes('"auth.invalid_token"')) failures = -1;
              else return (this.emit(), this.close());
            }
          }
        }
      } catch {
        // A network failure, an abort, or a token that could not be had: try again later.
      } finally {
        clearTimeout(idle);
        stop.removeEventListener('abort', abort);
      }
      failures += 1;
      const wait = Math.min(delay * 2 ** failures, MAX_DELAY_MS) * (0.5 + Math.random() / 2);
      await new Promise((resolve) => {
        this.#wake = resolve as () => void;
        setTimeout(resolve, wait);
      });
    }
  }
}

const channels = new Map<string, Channel>();
let watching = false;

/** Once the page is visible again: fetch again, and reconnect now rather than after a backoff. */
function watchVisibility() {
  if (watching) return;
  watching = true;
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    channels.forEach((channel) => {
      channel.emit();
      channel.wake();
    });
  });
}

/**
 * Subscribes its element to the change signals of the element's `organizationId` while it is
 * connected (and `live` is not `off`). Calls `handler` for signals of the given types.
 */
export class LiveController implements ReactiveController {
  readonly #host: LiveHost;
  readonly #types: readonly LiveEventType[];
  readonly #handler: LiveHandler;
  #channel: Channel | undefined;
  readonly #listener: Listener = (event) => {
    if (event && !this.#types.includes(event.type)) return;
    this.#handler(event, !!event && Date.now() - localChangeAt > QUIET_MS);
  };

  constructor(host: LiveHost, types: readonly LiveEventType[], handler: LiveHandler) {
    this.#host = host;
    this.#types = types;
    this.#handler = handler;
    host.addController(this);
  }

  hostConnected(): void {
    // Opened after the element's first fetches started (hostUpdated), also when moved in the page.
    this.#host.requestUpdate();
  }

  hostUpdated(): void {
    const host = this.#host;
    const config = resolveConfig(host);
    const orgId = host.organizationId;
    // An element removed while it loaded still updates when its answers arrive: no stream then
    // (nothing would close it).
    const key =
      config && orgId && host.isConnected && host.getAttribute('live') !== 'off'
        ? `${config.apiBase}|${orgId}`
        : '';
    if (key === (this.#channel?.key ?? '')) return;
    this.hostDisconnected();
    if (!key) return;
    let channel = channels.get(key);
    if (!channel) {
      const url = `${config!.apiBase.replace(/\/+$/, '')}/organizations/${encodeURIComponent(orgId)}/events`;
      channel = new Channel(key, url, orgId, config!.getAccessToken);
      channels.set(key, channel);
      watchVisibility();
    }
    channel.listeners.add(this.#listener);
    this.#channel = channel;
  }

  hostDisconnected(): void {
    const channel = this.#channel;
    this.#channel = undefined;
    if (!channel) return;
    channel.listeners.delete(this.#listener);
    if (!channel.listeners.size) channel.close();
  }
}
