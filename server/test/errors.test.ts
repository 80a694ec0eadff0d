import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../src/errors.js';

describe('AppError', () => {
  it('carries a stable code and status and serialises without internals', () => {
    const cause = new Error('upstream said something private');
    const error = new AppError('member.last_admin', 'The last admin cannot leave.', {
      status: 409,
      data: { userId: 'u1' },
      cause,
    });
    assert.equal(error.name, 'AppError');
    assert.equal(error.expose, true);
    assert.equal(error.cause, cause);
    assert.deepEqual(JSON.parse(JSON.stringify(error)), {
      code: 'member.last_admin',
      message: 'The last admin cannot leave.',
      data: { userId: 'u1' },
    });
  });

  it('does not expose 5xx errors by default', () => {
    assert.equal(new AppError('internal', 'boom', { status: 500 }).expose, false);
  });
});
