/**
 * The open event streams of one instance, independent of HTTP: who listens to which organization,
 * the bounds on how many, and the checks that end a stream.
 *
 * A stream ends for good (an `end` event with a stable code, then the connection closes) when:
 * its token expires (`auth.invalid_token`); a live check finds its user no longer a member
 * (`organization.not_member`), the organization gone (`organization.not_found`) or `read:member`
 * withdrawn (`auth.forbidden`). Live checks run at open, every `recheckMs` (spread out, a few at a
 * time), and after a signal: for the users named in a `members` signal (everyone for a signal
 * naming no one) and for everyone after an `organization` signal. A check that cannot reach Logto
 * keeps the stream and tries again at the next round.
 *
 * Checks are shared: one check answers for all the streams of one user in one organization, and
 * the signals of one organization that arrive within `signalWindowMs` of the first (a change made
 * through the server and Logto's webhook echo of it) are answered by one check per user, started
 * when the window closes. Every signal is still followed by a check that starts after it (a signal
 * that arrives while a check runs asks for another one after it).
 *
 * One timer per hub (not per stream) drives expiry, periodic checks and heartbeats.
 */
import type { ErrorCode, LiveEvent } from 'logto-org-widget-contract';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { EVERY_ORGANIZATION, type EventBus, type LiveListener } from './bus.js';

/** Where a stream's output goes (the SSE writer, or a test). */
export interface StreamSink {
  event(event: LiveEvent): void;
  /** A comment line that keeps proxies and the client's idle timer from closing the connection. */
  heartbeat(): void;
  /** Ends the stream for good with a code, then closes it; without a code, only closes it. */
  end(code?: ErrorCode): void;
}

/**
 * The live permissions of a member, or a rejection: an AppError `organization.not_member` /
 * `organization.not_found` ends the stream; any other failure keeps it.
 */
export type AccessCheck = (organizationId: string, userId: string) => Promise<ReadonlySet<string>>;

export interface LiveHubOptions {
  bus: EventBus;
  checkAccess: AccessCheck;
  logger: Logger;
  now?: () => number;
  /** Streams per user on this instance. Default 10. */
  maxStreamsPerUser?: number;
  /** Streams on this instance. Default 10,000. */
  maxStreams?: number;
  /** Time between two live checks of one stream, in ms. Default 60,000. */
  recheckMs?: number;
  /** Time without output after which a heartbeat is written, in ms. Default 25,000. */
  heartbeatMs?: number;
  /** Live checks running at once (each is one or two Management API calls). Default 8. */
  checkConcurrency?: number;
  /**
   * How long the checks asked for by an organization's signals wait for more signals of it, in ms
   * (they are then answered by one check per user). 0: checked at once. Default 500.
   */
  signalWindowMs?: number;
  /** Period of the hub's timer, in ms. Default 1000. */
  tickMs?: number;
}

export interface OpenStream {
  organizationId: string;
  userId: string;
  /** When the token expires (epoch ms). */
  expiresAt: number;
  sink: StreamSink;
}

/** The open streams of one user in one organization: checked together. */
interface Member {
  organizationId: string;
  userId: string;
  streams: Set<Stream>;
  /** The user's permissions in the organization, as last checked live. */
  permissions: ReadonlySet<string>;
  nextCheck: number;
  queued: boolean;
  checking: boolean;
  /** Another check was asked for while one ran. */
  recheck: boolean;
}

interface Stream extends OpenStream {
  member: Member;
  lastWrite: number;
  closed: boolean;
}

/** The users of one organization whose check waits for the signal window to close. */
interface SignalWindow {
  members: Set<Member>;
  timer: ReturnType<typeof setTimeout>;
}

const READ = 'read:member';
const INVITE = 'invite:member';
const ENDING_CODES = new Set<string>(['organization.not_member', 'organization.not_found']);

export class LiveHub {
  readonly #bus: EventBus;
  readonly #check: AccessCheck;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #maxPerUser: number;
  readonly #max: number;
  readonly #recheckMs: number;
  readonly #heartbeatMs: number;
  readonly #concurrency: number;
  readonly #tickMs: number;
  readonly #signalWindowMs: number;
  /** Organization id → user id → that user's streams there. */
  readonly #byOrg = new Map<string, Map<string, Member>>();
  readonly #windows = new Map<string, SignalWindow>();
  readonly #idle: Array<() => void> = [];
  readonly #perUser = new Map<string, number>();
  readonly #unsubscribe = new Map<string, Promise<() => void>>();
  /** Streams plus opens in progress, per organization: the subscription lives while > 0. */
  readonly #holders = new Map<string, number>();
  #count = 0;
  #running = 0;
  readonly #queue: Member[] = [];
  #timer: ReturnType<typeof setInterval> | undefined;
  #tenantWide: Promise<() => void> | undefined;

  constructor(options: LiveHubOptions) {
    this.#bus = options.bus;
    this.#check = options.checkAccess;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#maxPerUser = options.maxStreamsPerUser ?? 10;
    this.#max = options.maxStreams ?? 10_000;
    this.#recheckMs = options.recheckMs ?? 60_000;
    this.#heartbeatMs = options.heartbeatMs ?? 25_000;
    this.#concurrency = options.checkConcurrency ?? 8;
    this.#tickMs = options.tickMs ?? 1000;
    this.#signalWindowMs = options.signalWindowMs ?? 500;
  }

  /** Open streams on this instance. */
  get size(): number {
    return this.#count;
  }

  /**
   * Opens a stream after a live check (throws its AppError, or `auth.forbidden` without
   * `read:member`, or 429 `stream.too_many`). Returns the function that closes it (idempotent).
   */
  async open(options: OpenStream): Promise<() => void> {
    const { organizationId, userId } = options;
    this.#reserve(userId);
    this.#holders.set(organizationId, (this.#holders.get(organizationId) ?? 0) + 1);
    let stream: Stream | undefined;
    try {
      const permissions = await this.#check(organizationId, userId);
      if (!permissions.has(READ)) throw forbidden();
      await this.#listen(organizationId);
      const now = this.#now();
      let members = this.#byOrg.get(organizationId);
      if (!members) this.#byOrg.set(organizationId, (members = new Map()));
      let member = members.get(userId);
      if (member) {
        // The newest live answer holds for the user's other streams too.
        member.permissions = permissions;
      } else {
        member = {
          organizationId,
          userId,
          streams: new Set(),
          permissions,
          nextCheck: now + this.#spread(),
          queued: false,
          checking: false,
          recheck: false,
        };
        members.set(userId, member);
      }
      stream = { ...options, member, lastWrite: now, closed: false };
      member.streams.add(stream);
      this.#start();
    } catch (error) {
      this.#release(userId);
      this.#forget(organizationId);
      throw error;
    }
    const opened = stream;
    return () => this.#remove(opened);
  }

  /**
   * Resolves once no check waits for a signal window, is queued or runs (the checks asked for so
   * far are done). For tests and tools; periodic checks that come due later are not waited for.
   */
  async settled(): Promise<void> {
    while (this.#windows.size || this.#queue.length || this.#running) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
  }

  /**
   * Closes every stream without an end event (server shutdown: clients reconnect, to another
   * instance) and stops listening.
   */
  async close(): Promise<void> {
    for (const members of [...this.#byOrg.values()]) {
      for (const member of [...members.values()]) {
        for (const stream of [...member.streams]) this.#end(stream);
      }
    }
    clearInterval(this.#timer);
    this.#timer = undefined;
    for (const window of this.#windows.values()) clearTimeout(window.timer);
    this.#windows.clear();
    this.#queue.length = 0;
    this.#wake();
    const unsubscribes = [
      ...this.#unsubscribe.values(),
      ...(this.#tenantWide ? [this.#tenantWide] : []),
    ];
    this.#unsubscribe.clear();
    this.#holders.clear();
    this.#tenantWide = undefined;
    await Promise.allSettled(unsubscribes.map(async (pending) => (await pending)()));
  }

  #reserve(userId: string) {
    const mine = this.#perUser.get(userId) ?? 0;
    if (this.#count >= this.#max || mine >= this.#maxPerUser) {
      throw new AppError('stream.too_many', 'Too many open event streams. Close some and retry.', {
        status: 429,
        data: { limit: this.#count >= this.#max ? 'server' : 'user' },
      });
    }
    this.#perUser.set(userId, mine + 1);
    this.#count += 1;
  }

  #release(userId: string) {
    const mine = (this.#perUser.get(userId) ?? 1) - 1;
    if (mine > 0) this.#perUser.set(userId, mine);
    else this.#perUser.delete(userId);
    this.#count -= 1;
  }

  /** Subscribes to the organization's (and the tenant-wide) signals once per organization. */
  async #listen(organizationId: string) {
    const listener: LiveListener = (event) => this.#deliver(organizationId, event);
    if (!this.#tenantWide) {
      this.#tenantWide = this.#bus.subscribe(EVERY_ORGANIZATION, (event) => {
        for (const id of this.#byOrg.keys()) this.#deliver(id, event);
      });
      this.#tenantWide.catch(() => (this.#tenantWide = undefined));
    }
    let pending = this.#unsubscribe.get(organizationId);
    if (!pending) {
      pending = this.#bus.subscribe(organizationId, listener);
      this.#unsubscribe.set(organizationId, pending);
      pending.catch(() => this.#unsubscribe.delete(organizationId));
    }
    await Promise.all([pending, this.#tenantWide]);
  }

  /** Drops the organization's subscription when no stream listens any more. */
  #forget(organizationId: string) {
    const holders = (this.#holders.get(organizationId) ?? 1) - 1;
    if (holders > 0) {
      this.#holders.set(organizationId, holders);
      return;
    }
    this.#holders.delete(organizationId);
    this.#byOrg.delete(organizationId);
    const window = this.#windows.get(organizationId);
    if (window) {
      clearTimeout(window.timer);
      this.#windows.delete(organizationId);
      this.#wake();
    }
    const pending = this.#unsubscribe.get(organizationId);
    this.#unsubscribe.delete(organizationId);
    pending?.then((stop) => stop()).catch(() => undefined);
    if (this.#count === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  #remove(stream: Stream) {
    if (stream.closed) return;
    stream.closed = true;
    const { member } = stream;
    member.streams.delete(stream);
    if (member.streams.size === 0) {
      const members = this.#byOrg.get(member.organizationId);
      if (members?.get(member.userId) === member) members.delete(member.userId);
    }
    this.#release(stream.userId);
    this.#forget(stream.organizationId);
  }

  /** Ends every stream of the member (its check found it without access). */
  #endMember(member: Member, code: ErrorCode) {
    for (const stream of [...member.streams]) this.#end(stream, code);
  }

  #end(stream: Stream, code?: ErrorCode) {
    if (stream.closed) return;
    this.#remove(stream);
    try {
      stream.sink.end(code);
    } catch (error) {
      this.#logger.warn('live stream end failed', { error: String(error) });
    }
  }

  #deliver(organizationId: string, event: LiveEvent) {
    const members = this.#byOrg.get(organizationId);
    if (!members) return;
    const now = this.#now();
    const named = event.type === 'members' && event.ids ? new Set(event.ids) : undefined;
    for (const member of [...members.values()]) {
      // Invitation ids are for those who may list invitations.
      if (event.type === 'invitations' && !member.permissions.has(INVITE)) continue;
      for (const stream of [...member.streams]) {
        try {
          stream.sink.event(event);
          stream.lastWrite = now;
        } catch (error) {
          this.#logger.warn('live stream write failed', { error: String(error) });
          this.#remove(stream);
        }
      }
      // Whose access may have changed: the users named, or everyone when no one is named.
      const concerned =
        event.type === 'organization' ||
        (event.type === 'members' && (!named || named.has(member.userId)));
      if (concerned) this.#signalled(member);
    }
  }

  /**
   * A signal may have changed the member's access: checked once the organization's signal window
   * closes (one check for all the signals within it).
   */
  #signalled(member: Member) {
    if (member.streams.size === 0) return;
    if (this.#signalWindowMs <= 0) {
      this.#enqueue(member);
      return;
    }
    const { organizationId } = member;
    let window = this.#windows.get(organizationId);
    if (!window) {
      const members = new Set<Member>();
      const timer = setTimeout(() => {
        this.#windows.delete(organizationId);
        for (const m of members) this.#enqueue(m);
        this.#wake();
      }, this.#signalWindowMs);
      window = { members, timer };
      this.#windows.set(organizationId, window);
    }
    window.members.add(member);
  }

  #start() {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.#tick(), this.#tickMs);
    this.#timer.unref?.();
  }

  #tick() {
    const now = this.#now();
    for (const members of [...this.#byOrg.values()]) {
      for (const member of [...members.values()]) {
        for (const stream of [...member.streams]) {
          if (now >= stream.expiresAt) {
            this.#end(stream, 'auth.invalid_token');
            continue;
          }
          if (now - stream.lastWrite >= this.#heartbeatMs) {
            stream.lastWrite = now;
            try {
              stream.sink.heartbeat();
            } catch {
              this.#remove(stream);
            }
          }
        }
        if (member.streams.size && now >= member.nextCheck) {
          member.nextCheck = now + this.#spread();
          this.#enqueue(member);
        }
      }
    }
  }

  /** The check period with ±10 % jitter, so streams opened together are not checked together. */
  #spread() {
    return Math.round(this.#recheckMs * (0.9 + Math.random() * 0.2));
  }

  /** Asks for a check of the member: one queued check, or one more after the running one. */
  #enqueue(member: Member) {
    if (member.streams.size === 0) return;
    if (member.checking) {
      member.recheck = true;
      return;
    }
    if (member.queued) return;
    member.queued = true;
    this.#queue.push(member);
    this.#drain();
  }

  #drain() {
    while (this.#running < this.#concurrency && this.#queue.length) {
      const member = this.#queue.shift()!;
      member.queued = false;
      if (member.streams.size === 0) continue;
      this.#running += 1;
      member.checking = true;
      void this.#recheck(member).finally(() => {
        this.#running -= 1;
        member.checking = false;
        if (member.recheck) {
          member.recheck = false;
          this.#enqueue(member);
        }
        this.#drain();
        this.#wake();
      });
    }
  }

  async #recheck(member: Member) {
    try {
      const permissions = await this.#check(member.organizationId, member.userId);
      member.nextCheck = this.#now() + this.#spread();
      if (!permissions.has(READ)) this.#endMember(member, 'auth.forbidden');
      else member.permissions = permissions;
    } catch (error) {
      if (error instanceof AppError && ENDING_CODES.has(error.code)) {
        this.#endMember(member, error.code as ErrorCode);
        return;
      }
      // Logto unreachable: keep the streams, the next round checks again.
      this.#logger.warn('live stream check failed', {
        organizationId: member.organizationId,
        error: error instanceof AppError ? error.code : String(error),
      });
    }
  }

  /** Lets `settled()` look again. */
  #wake() {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}

function forbidden(): AppError {
  return new AppError('auth.forbidden', 'This needs the read:member permission.', {
    status: 403,
    data: { permission: READ },
  });
}
