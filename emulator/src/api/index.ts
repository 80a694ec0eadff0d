/**
 * The Management API at `/api`: M2M bearer token check (like Logto: 401 without or with a bad
 * token, 403 without the `all` scope), call counting, faults, the routers and error answers.
 */
import { Router } from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { CryptoKey } from 'jose';

import type { CallStats } from '../contracts.js';
import { ApiError } from '../errors.js';
import type { Faults } from '../faults.js';
import type { ApiContext } from './common.js';
import { hooksRouter } from './hooks.js';
import { invitationsRouter } from './invitations.js';
import { jitRouter } from './jit.js';
import { oneTimeTokensRouter } from './one-time-tokens.js';
import { organizationTemplateRouter } from './organization-roles.js';
import { organizationsRouter } from './organizations.js';
import { resourcesRouter } from './resources.js';
import { usersRouter } from './users.js';

export interface ManagementApiOptions extends ApiContext {
  issuer: string;
  managementApiResource: string;
  publicKey: CryptoKey;
  stats: CallStats;
  faults: Faults;
  logger?: { error(message: string, error?: unknown): void };
}

export function requireManagementToken(options: {
  issuer: string;
  audience: string;
  publicKey: CryptoKey;
}): RequestHandler {
  return async function managementAuth(req, _res, next) {
    const header = req.headers.authorization;
    if (!header) {
      throw new ApiError(401, 'auth.authorization_header_missing', 'No Authorization header.');
    }
    const [type, token] = header.split(' ');
    if (type?.toLowerCase() !== 'bearer' || !token) {
      throw new ApiError(
        401,
        'auth.authorization_token_type_not_supported',
        'Only Bearer tokens are accepted.',
      );
    }
    let scope: unknown;
    try {
      const { payload } = await jwtVerify(token, options.publicKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES384'],
      });
      scope = payload.scope;
    } catch (error) {
      const data =
        error instanceof joseErrors.JOSEError
          ? { code: error.code, name: error.name }
          : { name: 'Error' };
      throw new ApiError(401, 'auth.unauthorized', 'The access token is not valid here.', data);
    }
    if (typeof scope !== 'string' || !scope.split(' ').includes('all')) {
      throw new ApiError(403, 'auth.forbidden', 'The access token lacks the `all` scope.');
    }
    next();
  };
}

/** Error answers shaped like Logto's: `{code, message, data?}`. */
export function apiErrorHandler(logger?: ManagementApiOptions['logger']): ErrorRequestHandler {
  return function apiErrors(error, _req, res, next) {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error instanceof ApiError) {
      res.status(error.status).json(error.toJSON());
      return;
    }
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large') {
      res
        .status(413)
        .json({ code: 'request.payload_too_large', message: 'The body is too large.' });
      return;
    }
    if (
      type === 'entity.parse.failed' ||
      type === 'encoding.unsupported' ||
      type === 'charset.unsupported'
    ) {
      res.status(400).json({ code: 'guard.invalid_input', message: 'The body is not valid JSON.' });
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ code: 'request.invalid', message: 'The request is invalid.' });
      return;
    }
    logger?.error('Unexpected error in the emulator', error);
    res.status(500).json({ code: 'unknown', message: 'An unexpected error occurred.' });
  };
}

export function managementApi(options: ManagementApiOptions): Router {
  const router = Router();

  router.get('/status', function status(_req, res) {
    res.status(204).end();
  });

  router.use(function countApiRequest(_req, _res, next) {
    options.stats.apiRequests += 1;
    next();
  });
  router.use(options.faults.middleware('api'));
  router.use(
    requireManagementToken({
      issuer: options.issuer,
      audience: options.managementApiResource,
      publicKey: options.publicKey,
    }),
  );
  router.use(usersRouter(options));
  router.use(organizationsRouter(options));
  router.use(jitRouter(options));
  router.use(organizationTemplateRouter(options));
  router.use(invitationsRouter(options));
  router.use(resourcesRouter(options));
  router.use(hooksRouter(options));
  router.use(oneTimeTokensRouter(options));
  router.use(function apiNotFound(_req, _res) {
    throw new ApiError(404, 'entity.not_found', 'No such Management API route.');
  });
  router.use(apiErrorHandler(options.logger));
  return router;
}
