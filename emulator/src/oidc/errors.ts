/**
 * OIDC error helpers. Logto answers OIDC errors with its own `{code, message}` next to the OAuth
 * `{error, error_description}` pair (`code` is `oidc.<error>`); the emulator does the same.
 */
import { errors } from 'oidc-provider';

/** Short human messages per OAuth error code (the `code` is the stable part). */
const messages: Record<string, string> = {
  access_denied: 'Access denied.',
  invalid_client: 'Client authentication failed.',
  invalid_grant: 'The grant is invalid, expired, or was already used.',
  invalid_request: 'The request is invalid.',
  invalid_scope: 'The requested scope is invalid or not granted.',
  invalid_target: 'The resource indicator is invalid or unknown.',
  invalid_token: 'The access token is invalid or expired.',
  insufficient_scope: 'The token lacks a required scope.',
  unauthorized_client: 'This client may not use this grant type.',
  unsupported_grant_type: 'This grant type is not supported.',
  server_error: 'The server failed to process the request.',
};

export function messageFor(error: string): string {
  return messages[error] ?? `The OIDC request failed (${error}).`;
}

/** Adds Logto's `code` and `message` to an OAuth error body. */
export function withLogtoFields(body: Record<string, unknown>): Record<string, unknown> {
  const error = typeof body.error === 'string' ? body.error : 'server_error';
  return { code: `oidc.${error}`, message: messageFor(error), ...body };
}

/** 403 `access_denied`, as Logto answers an organization token request from a non-member. */
export function accessDenied(description: string): Error {
  const error = new errors.AccessDenied(description);
  error.status = 403;
  error.statusCode = 403;
  return error;
}

/** The error `mintAccessToken` rejects with: `code` is stable, `status` the HTTP status to use. */
export class MintError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'MintError';
    this.code = code;
    this.status = status;
  }
}
