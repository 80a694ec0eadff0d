/**
 * The event bus of live updates: where change signals are published (after a change made through
 * the companion server, or when a Logto webhook arrives) and where the open streams of this
 * instance listen.
 *
 * - `createMemoryBus()`: one process, no Redis.
 * - `createRedisBus(pubsub)`: several instances; one Redis channel per organization (plus one for
 *   tenant-wide changes), subscribed while this instance holds a stream of that organization.
 *
 * A listener failing never stops the others; a publish to a bus that cannot reach Redis rejects
 * (the caller logs it: a missed signal is healed by the elements' refresh on visibility).
 */
import type { LiveEvent } from 'logto-org-widget-contract';

/** The organization id that stands for every organization (tenant-wide changes such as roles). */
export const EVERY_ORGANIZATION = '*';

export type LiveListener = (event: LiveEvent, organizationId: string) => void;

export interface EventBus {
  /** Publishes a signal to the streams of one organization (or of every one: `EVERY_ORGANIZATION`). */
  publish(organizationId: string, event: LiveEvent): Promise<void>;
  /**
   * Listens to one organization's signals (or the tenant-wide ones). Resolves once the
   * subscription is in place; the returned function stops listening.
   */
  subscribe(organizationId: string, listener: LiveListener): Promise<() => void>;
  /** Stops listening everywhere. */
  close(): Promise<void>;
}

/** Local listeners per organization, shared by both buses. */
class Listeners {
  readonly #byOrg = new Map<string, Set<LiveListener>>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Adds a listener; true when it is the organization's first. */
  add(organizationId: string, listener: LiveListener): boolean {
    let set = this.#byOrg.get(organizationId);
    const first = !set;
    if (!set) this.#byOrg.set(organizationId, (set = new Set()));
    set.add(listener);
    return first;
  }

  /** Removes a listener; true when it was the organization's last. */
  remove(organizationId: string, listener: LiveListener): boolean {
    const set = this.#byOrg.get(organizationId);
    if (!set?.delete(listener) || set.size > 0) return false;
    this.#byOrg.delete(organizationId);
    return true;
  }

  deliver(organizationId: string, event: LiveEvent): void {
    for (const listener of this.#byOrg.get(organizationId) ?? []) {
      try {
        listener(event, organizationId);
      } catch (error) {
        this.#onError(error);
      }
    }
  }

  organizations(): string[] {
    return [...this.#byOrg.keys()];
  }

  clear(): void {
    this.#byOrg.clear();
  }
}

export interface BusOptions {
  /** Told about a listener that threw, or a message that could not be read. */
  onError?: (error: unknown) => void;
}

/** The bus of a single instance: publish delivers synchronously to this process's listeners. */
export function createMemoryBus(options: BusOptions = {}): EventBus {
  const listeners = new Listeners(options.onError ?? (() => {}));
  return {
    async publish(organizationId, event) {
      listeners.deliver(organizationId, event);
    },
    async subscribe(organizationId, listener) {
      listeners.add(organizationId, listener);
      return () => void listeners.remove(organizationId, listener);
    },
    async close() {
      listeners.clear();
    },
  };
}

/**
 * The few Redis commands the bus needs, on two connections (a subscribing connection can do
 * nothing else). `redisPubSub()` adapts a node-redis client; other clients fit in a few lines.
 */
export interface RedisPubSub {
  publish(channel: string, message: string): Promise<unknown>;
  /** Subscribes `onMessage` to `channel`; resolves once Redis confirmed. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  /** Releases the connections (called by the bus's `close()`), if the adapter owns any. */
  close?(): Promise<void>;
}

export interface RedisBusOptions extends BusOptions {
  /** Prefix of the channel names. Default `org-widget:live:`. */
  prefix?: string;
}

/**
 * The bus of several instances. Messages are `{"e": LiveEvent}` JSON on `<prefix>org:<id>` (or
 * `<prefix>all` for every organization); this instance subscribes to an organization's channel
 * while at least one of its streams listens to it, and publishes without delivering locally
 * (Redis echoes the message back to every subscriber, this instance included).
 */
export function createRedisBus(pubsub: RedisPubSub, options: RedisBusOptions = {}): EventBus {
  const prefix = options.prefix ?? 'org-widget:live:';
  const onError = options.onError ?? (() => {});
  const listeners = new Listeners(onError);
  /** Subscriptions in flight or in place, per organization (a later unsubscribe waits for it). */
  const subscriptions = new Map<string, Promise<unknown>>();
  const channel = (organizationId: string) =>
    organizationId === EVERY_ORGANIZATION ? `${prefix}all` : `${prefix}org:${organizationId}`;

  const onMessage = (organizationId: string) => (message: string) => {
    let event: LiveEvent;
    try {
      event = (JSON.parse(message) as { e: LiveEvent }).e;
      if (!event || typeof event.type !== 'string') throw new Error('not a live event');
    } catch (error) {
      onError(error);
      return;
    }
    listeners.deliver(organizationId, event);
  };

  return {
    async publish(organizationId, event) {
      await pubsub.publish(channel(organizationId), JSON.stringify({ e: event }));
    },
    async subscribe(organizationId, listener) {
      if (listeners.add(organizationId, listener)) {
        const pending = (subscriptions.get(organizationId) ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => pubsub.subscribe(channel(organizationId), onMessage(organizationId)));
        subscriptions.set(organizationId, pending);
      }
      try {
        await subscriptions.get(organizationId);
      } catch (error) {
        if (listeners.remove(organizationId, listener)) subscriptions.delete(organizationId);
        throw error;
      }
      return () => {
        if (!listeners.remove(organizationId, listener)) return;
        const pending = (subscriptions.get(organizationId) ?? Promise.resolve())
          .catch(() => undefined)
          .then(() => pubsub.unsubscribe(channel(organizationId)));
        pending.catch(onError);
        subscriptions.set(organizationId, pending);
      };
    },
    async close() {
      const organizations = listeners.organizations();
      listeners.clear();
      await Promise.allSettled(organizations.map((id) => pubsub.unsubscribe(channel(id))));
      subscriptions.clear();
      await pubsub.close?.();
    },
  };
}
