/** The fault switch: fail or hang the next N Management API or token calls. */
import { EventEmitter } from 'node:events';
import type { RequestHandler } from 'express';
import { z } from 'zod';

import type { FaultSpec, FaultTarget } from './contracts.js';

export const faultSpecSchema = z.object({
  target: z.enum(['api', 'token']),
  count: z.number().int().min(1).max(1_000_000),
  status: z.number().int().min(400).max(599).optional(),
  hang: z.boolean().optional(),
  match: z
    .string()
    .max(1000)
    .refine((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    }, 'Not a valid regular expression')
    .optional(),
});

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
  pattern: RegExp | undefined;
}

/** Emits `'fault'` with `(spec, call)` each time a fault is applied to a call. */
export class Faults extends EventEmitter<{ fault: [FaultSpec, string] }> {
  private active: ActiveFault[] = [];

  add(specs: FaultSpec | FaultSpec[]): void {
    for (const spec of Array.isArray(specs) ? specs : [specs]) {
      this.active.push({
        spec: { ...spec },
        remaining: spec.count,
        pattern: spec.match === undefined ? undefined : new RegExp(spec.match),
      });
    }
  }

  clear(): void {
    this.active = [];
  }

  /** Pending faults with their remaining counts. */
  list(): Array<FaultSpec & { remaining: number }> {
    return this.active.map((fault) => ({ ...fault.spec, remaining: fault.remaining }));
  }

  /** Takes one use of the first fault that applies to this call, if any. */
  take(target: FaultTarget, call: string): FaultSpec | undefined {
    const fault = this.active.find(
      (candidate) =>
        candidate.spec.target === target && (!candidate.pattern || candidate.pattern.test(call)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = this.active.filter((other) => other !== fault);
    this.emit('fault', fault.spec, call);
    return fault.spec;
  }

  /** Express middleware that applies the faults of `target` to the calls it sees. */
  middleware(target: FaultTarget): RequestHandler {
    const take = (call: string) => this.take(target, call);
    return function faultMiddleware(req, res, next) {
      const call = `${req.method} ${req.originalUrl.split('?')[0]}`;
      const fault = take(call);
      if (!fault) {
        next();
        return;
      }
      if (fault.hang) return; // never answer; the server's close() destroys the socket
      res.status(fault.status ?? 503).json({
        code: 'emulator.fault',
        message: `Injected failure for ${call}.`,
      });
    };
  }
}
