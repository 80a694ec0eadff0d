/**
 * `GET /organizations/:orgId/events`: the organization's change signals as Server-Sent Events.
 * Mounted after the organization-token middleware; the elements read it with `fetch`, so the token
 * travels in the Authorization header, never in a URL.
 *
 * Wire format (text/event-stream, UTF-8):
 *
 * ```
 * retry: 5000          reconnection delay the client should honour
 * : ok                 the stream is open (comment)
 *
 * data: {"type":"members","ids":["u1"]}      one signal (LiveEvent)
 *
 * :                    heartbeat, every ~25 s without output
 *
 * event: end
 * data: {"code":"auth.invalid_token"}        the server ends the stream for good (LiveEnd)
 * ```
 *
 * Proxies: `Cache-Control: no-cache, no-transform` (compression middleware and proxies leave the
 * body alone), `X-Accel-Buffering: no` (nginx does not buffer), headers flushed at once, and each
 * write flushed through `res.flush()` when a compression middleware added it.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorCode, LiveEnd, LiveEvent } from 'logto-org-widget-contract';
import { authOf } from '../auth.js';
import { AppError } from '../errors.js';
import type { LiveHub, StreamSink } from './hub.js';

export interface EventStreamOptions {
  /** Reconnection delay sent as `retry:`, in ms. Default 5000. */
  retryMs?: number;
  /** Bytes queued for a slow client before its stream is dropped. Default 64 KiB. */
  maxBufferedBytes?: number;
}

/** The handler of the events route (after `requireOrganizationToken`). */
export function eventStreamHandler(hub: LiveHub, options: EventStreamOptions = {}): RequestHandler {
  const retryMs = options.retryMs ?? 5000;
  const maxBuffered = options.maxBufferedBytes ?? 64 * 1024;
  return async function organizationEvents(req: Request, res: Response, _next: NextFunction) {
    // The client may have gone while the token was verified (before this handler could listen
    // for `close`, so that event is already past): nothing is opened for no one.
    if (clientGone(req, res)) return;
    const auth = authOf(res);
    if (!auth.scopes.has('read:member')) {
      throw new AppError('auth.forbidden', 'This needs the read:member permission.', {
        status: 403,
        data: { permission: 'read:member' },
      });
    }
    const organizationId = String(req.params.orgId);
    const expiresAt = Number(auth.claims.exp) * 1000;
    /** Output before the headers went out (a signal right after the check) waits here. */
    let early: string[] | undefined = [];
    let ended = false;
    let stop: (() => void) | undefined = undefined;
    const flush = () => (res as Response & { flush?: () => void }).flush?.();
    const write = (chunk: string) => {
      if (ended && !early) return;
      if (early) {
        early.push(chunk);
        return;
      }
      res.write(chunk);
      flush();
      if (res.writableLength > maxBuffered) close();
    };
    function close() {
      if (ended) return;
      ended = true;
      stop?.();
      if (!early) res.end();
    }
    const sink: StreamSink = {
      event(event: LiveEvent) {
        write(`data: ${JSON.stringify(event)}\n\n`);
      },
      heartbeat() {
        write(':\n\n');
      },
      end(code?: ErrorCode) {
        if (code) {
          const body: LiveEnd = { code };
          write(`event: end\ndata: ${JSON.stringify(body)}\n\n`);
        }
        close();
      },
    };
    // The client may go away while the live check runs: then nothing stays open. The listener is
    // added in the same turn as the check above, so no `close` falls between the two.
    let gone = false;
    res.on('close', () => {
      gone = true;
      close();
    });
    stop = await hub.open({ organizationId, userId: auth.userId, expiresAt, sink });
    if (gone) {
      stop();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    const queued = [`retry: ${retryMs}\n: ok\n\n`, ...early];
    early = undefined;
    res.write(queued.join(''));
    flush();
    if (ended) res.end();
  };
}

/** True when the request's connection is already closed (the `close` event may be past). */
function clientGone(req: Request, res: Response): boolean {
  return res.destroyed || res.closed || req.socket.destroyed;
}
