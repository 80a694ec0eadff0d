import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createJsonLogger, runWithRequestId, withRequestIds } from '../src/logger.js';

describe('logger', () => {
  it('writes JSON lines with level, message, request id, and redacts secret-looking fields', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line), now: () => 0 });
    runWithRequestId('req-1', () => {
      logger.info('hello', {
        userId: 'u1',
        authorization: 'Bearer abc',
        m2mToken: 'xyz',
        clientSecret: 's',
      });
    });
    logger.debug('dropped below the default level');
    logger.error('outside', { error: new Error('boom') });
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!);
    assert.equal(first.level, 'info');
    assert.equal(first.msg, 'hello');
    assert.equal(first.requestId, 'req-1');
    assert.equal(first.time, '1970-01-01T00:00:00.000Z');
    assert.equal(first.userId, 'u1');
    assert.equal(first.authorization, '[redacted]');
    assert.equal(first.m2mToken, '[redacted]');
    assert.equal(first.clientSecret, '[redacted]');
    const second = JSON.parse(lines[1]!);
    assert.equal(second.requestId, undefined);
    assert.deepEqual(second.error, { name: 'Error', message: 'boom' });
  });

  it('withRequestIds adds the request id to an injected logger', () => {
    const seen: Array<Record<string, unknown> | undefined> = [];
    const inner = {
      debug() {},
      info(_message: string, fields?: Record<string, unknown>) {
        seen.push(fields);
      },
      warn() {},
      error() {},
    };
    const logger = withRequestIds(inner);
    runWithRequestId('abc', () => logger.info('x', { token: 't' }));
    assert.deepEqual(seen[0], { requestId: 'abc', token: '[redacted]' });
  });
});
