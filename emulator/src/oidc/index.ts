/**
 * The OIDC half of the Logto emulator, on oidc-provider (the engine Logto runs on).
 *
 * Mount `handler` at `/oidc` (issuer `<base>/oidc`). Paths as Logto's: `/auth`, `/token`, `/me`,
 * `/session/end`, `/jwks`, `/.well-known/openid-configuration`, plus the emulator's own sign-in
 * pages under `/interaction/:uid`. Users, memberships, scopes and apps are read through the
 * `Directory` on every request, so changes made through the Management API show at once.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { Request, Response, NextFunction, RequestHandler } from 'express';
import Provider, { errors } from 'oidc-provider';
import type {
  Account,
  ClientMetadata,
  Configuration,
  KoaContextWithOIDC,
  ResourceServer,
} from 'oidc-provider';
import type {
  CallStats,
  CreateOidc,
  CreateOidcOptions,
  Directory,
  MintInput,
  MintedToken,
  OidcModule,
} from '../contracts.js';
import { createAdapterFactory } from './adapter.js';
import { MintError, withLogtoFields } from './errors.js';
import { registerGrants } from './grants.js';
import {
  errorPage,
  newNonce,
  pageCsp,
  registerPage,
  signInPage,
  signOutPage,
  signedOutPage,
} from './pages.js';
import type { RegisterField } from './pages.js';
import {
  ACCESS_TOKEN_TTL,
  ORGANIZATIONS_RESOURCE,
  claimsByScope,
  jwtResourceServer,
  organizationAudience,
  supportedScopes,
} from './scopes.js';

export {
  ORGANIZATIONS_SCOPE,
  ORGANIZATION_ROLES_SCOPE,
  ORGANIZATIONS_RESOURCE,
  organizationAudience,
} from './scopes.js';
export { MintError } from './errors.js';

const DAY = 24 * 60 * 60;

/** Scope names that are OIDC scopes rather than API permissions. */
const oidcScopes = new Set(supportedScopes);

function userClaims(directory: Directory, userId: string, use: string) {
  const user = directory.getUserClaims(userId);
  if (!user) return undefined;
  const organizations = directory.organizationIdsOf(userId);
  const claims: Record<string, unknown> = {
    sub: user.id,
    name: user.name,
    preferred_username: user.username,
    picture: user.avatar,
    updated_at: user.updatedAt,
    username: user.username,
    created_at: user.createdAt,
    email: user.primaryEmail,
    email_verified: user.primaryEmail !== null,
    organizations,
    organization_roles: directory.organizationRoleClaimsOf(userId),
  };
  if (use === 'userinfo' && directory.organizationData) {
    const read = directory.organizationData.bind(directory);
    claims.organization_data = organizations
      .map((id) => read(id))
      .filter((org): org is NonNullable<typeof org> => org !== undefined)
      .map((org) => ({ id: org.id, name: org.name, description: org.description }));
  }
  return claims;
}

function isLoopback(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function countTokenRequest(stats: CallStats, grantType: unknown): void {
  stats.tokenRequests.total += 1;
  if (grantType === 'client_credentials') stats.tokenRequests.clientCredentials += 1;
  else if (grantType === 'refresh_token') stats.tokenRequests.refreshToken += 1;
  else if (grantType === 'authorization_code') stats.tokenRequests.authorizationCode += 1;
}

export const createOidc: CreateOidc = async (options: CreateOidcOptions): Promise<OidcModule> => {
  const { issuer, directory, keys, stats, managementApiResource } = options;
  const basePath = new URL(issuer).pathname.replace(/\/$/, '');

  const appOf = (clientId: string | undefined) =>
    clientId === undefined ? undefined : directory.applications().find((a) => a.id === clientId);

  /** SPA apps accept loopback URLs unless the directory says otherwise. */
  const loopbackAllowed = (clientId: string) => {
    const app = appOf(clientId);
    return (
      app !== undefined &&
      ((app as { allowLoopbackRedirects?: boolean }).allowLoopbackRedirects ?? app.type === 'SPA')
    );
  };

  const isKnownResource = (indicator: string) =>
    indicator === managementApiResource || directory.hasResource(indicator);

  const findAccount = async (
    _ctx: KoaContextWithOIDC,
    sub: string,
  ): Promise<Account | undefined> => {
    if (!directory.getUserClaims(sub)) return undefined;
    return {
      accountId: sub,
      claims: async (use: string) =>
        (userClaims(directory, sub, use) ?? { sub }) as Awaited<ReturnType<Account['claims']>>,
    };
  };

  const getResourceServerInfo = async (
    ctx: KoaContextWithOIDC,
    indicator: string,
    client: { clientId: string },
  ): Promise<ResourceServer> => {
    const atAuthorization = ctx.oidc.route !== 'token';
    const requestedApiScopes = (ctx.oidc.params?.scope ? String(ctx.oidc.params.scope) : '')
      .split(' ')
      .filter((s) => s !== '' && !oidcScopes.has(s));
    if (indicator === ORGANIZATIONS_RESOURCE) {
      // Reserved: records the organization permissions asked for at sign-in in the grant.
      return jwtResourceServer(atAuthorization ? requestedApiScopes : []);
    }
    if (!isKnownResource(indicator)) throw new errors.InvalidTarget();
    if (appOf(client.clientId)?.type === 'MachineToMachine') {
      return jwtResourceServer(directory.applicationResourceScopesOf(client.clientId, indicator));
    }
    const accountId = ctx.oidc.account?.accountId;
    if (!atAuthorization && accountId) {
      return jwtResourceServer(directory.resourceScopesOf(accountId, indicator));
    }
    return jwtResourceServer(requestedApiScopes);
  };

  /** Minted resource tokens that also name an organization (no request context to read). */
  const mintedOrganization = new WeakMap<object, string>();

  const configuration: Configuration = {
    adapter: createAdapterFactory(directory),
    clients: [],
    clientDefaults: {
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'ES384',
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    findAccount,
    claims: claimsByScope,
    scopes: supportedScopes,
    conformIdTokenClaims: false,
    jwks: { keys: [{ use: 'sig', ...keys.privateJwk }] as never },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code id_token', 'code', 'id_token', 'none'],
    clientAuthMethods: [
      'client_secret_basic',
      'client_secret_jwt',
      'client_secret_post',
      'private_key_jwt',
      'none',
    ],
    enabledJWA: {
      idTokenSigningAlgValues: ['ES384'],
      clientAuthSigningAlgValues: ['HS256', 'RS256', 'PS256', 'ES256', 'Ed25519', 'EdDSA'],
    } as Configuration['enabledJWA'],
    routes: {
      authorization: '/auth',
      token: '/token',
      userinfo: '/me',
      end_session: '/session/end',
      jwks: '/jwks',
      introspection: '/token/introspection',
      revocation: '/token/revocation',
      code_verification: '/device',
      device_authorization: '/device/auth',
      pushed_authorization_request: '/request',
    },
    features: {
      devInteractions: { enabled: false },
      dPoP: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      deviceFlow: { enabled: true },
      backchannelLogout: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        getResourceServerInfo: getResourceServerInfo as never,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce));
          ctx.type = 'html';
          ctx.body = signOutPage(nonce, form);
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce));
          ctx.type = 'html';
          ctx.body = signedOutPage(nonce);
        },
      },
    },
    interactions: {
      url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) =>
        `${basePath}/interaction/${interaction.uid}`,
    },
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      IdToken: ACCESS_TOKEN_TTL,
      AuthorizationCode: 600,
      DeviceCode: 600,
      Interaction: 3600,
      RefreshToken: 14 * DAY,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
    extraTokenClaims: async (ctx: KoaContextWithOIDC, token: unknown) => {
      // Logto adds `organization_id` to a resource token asked for with an organization.
      const minted = mintedOrganization.get(token as object);
      if (minted !== undefined) return { organization_id: minted };
      const params = ctx?.oidc?.params as Record<string, unknown> | undefined;
      const organizationId = params?.organization_id;
      const resource = params?.resource;
      const isResourceToken = (token as { resourceServer?: unknown }).resourceServer !== undefined;
      if (typeof organizationId === 'string' && organizationId && resource && isResourceToken) {
        return { organization_id: organizationId };
      }
      return undefined;
    },
    formats: {
      customizers: {
        jwt: async (
          _ctx: KoaContextWithOIDC,
          token: unknown,
          jwt: { payload: Record<string, unknown> },
        ) => {
          // Logto always writes `scope`, even when it is empty (a member without a role).
          const scope = (token as { scope?: unknown }).scope;
          if (typeof scope === 'string' && jwt.payload.scope === undefined)
            jwt.payload.scope = scope;
          return jwt;
        },
      },
    } as unknown as Configuration['formats'],
    clientBasedCORS: () => true,
    renderError: async (
      ctx: KoaContextWithOIDC,
      out: { error: string; error_description?: string },
    ) => {
      const nonce = newNonce();
      ctx.set('Content-Security-Policy', pageCsp(nonce));
      ctx.type = 'html';
      ctx.body = errorPage(nonce, out.error, out.error_description);
    },
  };

  const provider = new Provider(issuer, configuration);
  registerGrants(provider, directory);

  // SPA apps accept loopback callback URLs on any port (tests and local dev use random ports).
  const ClientClass = provider.Client as unknown as {
    prototype: {
      clientId: string;
      redirectUriAllowed(value: string): boolean;
      postLogoutRedirectUriAllowed(value: string): boolean;
    };
  };
  const originalRedirect = ClientClass.prototype.redirectUriAllowed;
  const originalPostLogout = ClientClass.prototype.postLogoutRedirectUriAllowed;
  ClientClass.prototype.redirectUriAllowed = function (this: { clientId: string }, value: string) {
    if (originalRedirect.call(this, value)) return true;
    return loopbackAllowed(this.clientId) && isLoopback(value);
  };
  ClientClass.prototype.postLogoutRedirectUriAllowed = function (
    this: { clientId: string },
    value: string,
  ) {
    if (originalPostLogout.call(this, value)) return true;
    return loopbackAllowed(this.clientId) && isLoopback(value);
  };

  // Count token requests (failed ones too) and add Logto's `code`/`message` to OAuth errors.
  provider.use(async (ctx, next) => {
    const isToken = ctx.method === 'POST' && ctx.path.endsWith('/token');
    await next();
    if (isToken && (ctx.oidc?.route === 'token' || ctx.oidc === undefined)) {
      const params = ctx.oidc?.params as Record<string, unknown> | undefined;
      const body = (ctx.oidc as unknown as { body?: Record<string, unknown> } | undefined)?.body;
      countTokenRequest(stats, params?.grant_type ?? body?.grant_type);
    }
    const body: unknown = ctx.body;
    if (
      ctx.status >= 400 &&
      body &&
      typeof body === 'object' &&
      !Buffer.isBuffer(body) &&
      typeof (body as { error?: unknown }).error === 'string'
    ) {
      ctx.body = withLogtoFields(body as Record<string, unknown>);
    }
  });

  const callback = provider.callback();
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });

  const sendHtml = (res: Response, status: number, render: (nonce: string) => string) => {
    const nonce = newNonce();
    res.status(status);
    res.set('Content-Security-Policy', pageCsp(nonce));
    res.set('Cache-Control', 'no-store');
    res.type('html').send(render(nonce));
  };

  const renderSignIn = async (
    req: Request,
    res: Response,
    uid: string,
    clientId: unknown,
    extra: { status: number; username?: string; error?: string },
  ) => {
    const app = appOf(typeof clientId === 'string' ? clientId : undefined);
    sendHtml(res, extra.status, (nonce) =>
      signInPage({
        nonce,
        action: `${basePath}/interaction/${encodeURIComponent(uid)}/login`,
        abortAction: `${basePath}/interaction/${encodeURIComponent(uid)}/abort`,
        appName: app?.name ?? 'your application',
        hints: directory.signInHints(),
        ...(directory.registerUser
          ? { registerUrl: `${basePath}/interaction/${encodeURIComponent(uid)}/register` }
          : {}),
        ...(extra.username !== undefined ? { username: extra.username } : {}),
        ...(extra.error !== undefined ? { error: extra.error } : {}),
      }),
    );
  };

  const interactionError = (res: Response, err: unknown) => {
    const out = err as { error?: string; error_description?: string; message?: string };
    sendHtml(res, 400, (nonce) =>
      errorPage(
        nonce,
        out.error ?? 'invalid_request',
        out.error_description ?? 'This sign-in attempt has expired. Start again from the app.',
      ),
    );
  };

  router.get('/interaction/:uid', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const uid = String(req.params.uid);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      if (details.prompt.name === 'login') {
        await renderSignIn(req, res, uid, details.params.client_id, { status: 200 });
        return;
      }
      if (details.prompt.name === 'consent') {
        // First-party apps: consent is automatic, as in Logto.
        const missing = details.prompt.details as {
          missingOIDCScope?: string[];
          missingOIDCClaims?: string[];
          missingResourceScopes?: Record<string, string[]>;
        };
        const accountId = details.session?.accountId;
        const clientId = String(details.params.client_id);
        const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
        const grant = existing ?? new provider.Grant({ accountId, clientId });
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      next(new Error(`unsupported prompt ${details.prompt.name}`));
    } catch (err) {
      interactionError(res, err);
    }
  });

  router.post('/interaction/:uid/login', form, async (req: Request, res: Response) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const uid = String(req.params.uid);
      if (details.uid !== uid || details.prompt.name !== 'login') {
        throw new errors.SessionNotFound('interaction mismatch');
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      const password = typeof body.password === 'string' ? body.password : '';
      const accountId =
        username && password ? directory.verifyPassword(username, password) : undefined;
      if (!accountId) {
        await renderSignIn(req, res, uid, details.params.client_id, {
          status: 401,
          username,
          error: 'Wrong username or password.',
        });
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      interactionError(res, err);
    }
  });

  /** The interaction must be waiting for a login, or the page is refused. */
  const loginInteraction = async (req: Request, res: Response) => {
    const details = await provider.interactionDetails(req, res);
    const uid = String(req.params.uid);
    if (details.uid !== uid || details.prompt.name !== 'login') {
      throw new errors.SessionNotFound('interaction mismatch');
    }
    return { uid, clientId: details.params.client_id };
  };

  const renderRegister = (
    res: Response,
    uid: string,
    clientId: unknown,
    extra: {
      status: number;
      username?: string;
      email?: string;
      error?: { field: RegisterField; message: string };
    },
  ) => {
    const app = appOf(typeof clientId === 'string' ? clientId : undefined);
    sendHtml(res, extra.status, (nonce) =>
      registerPage({
        nonce,
        action: `${basePath}/interaction/${encodeURIComponent(uid)}/register`,
        signInUrl: `${basePath}/interaction/${encodeURIComponent(uid)}`,
        appName: app?.name ?? 'your application',
        ...(extra.username !== undefined ? { username: extra.username } : {}),
        ...(extra.email !== undefined ? { email: extra.email } : {}),
        ...(extra.error !== undefined ? { error: extra.error } : {}),
      }),
    );
  };

  if (directory.registerUser) {
    const register = directory.registerUser.bind(directory);

    router.get('/interaction/:uid/register', async (req: Request, res: Response) => {
      try {
        const { uid, clientId } = await loginInteraction(req, res);
        renderRegister(res, uid, clientId, { status: 200 });
      } catch (err) {
        interactionError(res, err);
      }
    });

    router.post('/interaction/:uid/register', form, async (req: Request, res: Response) => {
      try {
        const { uid, clientId } = await loginInteraction(req, res);
        const body = (req.body ?? {}) as Record<string, unknown>;
        const username = typeof body.username === 'string' ? body.username.trim() : '';
        const email = typeof body.email === 'string' ? body.email.trim() : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const refuse = (field: RegisterField, message: string) =>
          renderRegister(res, uid, clientId, {
            status: 422,
            username,
            email,
            error: { field, message },
          });
        // Logto's default rules: usernames are letters, digits and `_`, not starting with a digit.
        if (!/^[A-Z_a-z]\w{0,127}$/.test(username)) {
          refuse('username', 'Use letters, digits and underscores, starting with a letter.');
          return;
        }
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) {
          refuse('email', 'Enter a valid email address.');
          return;
        }
        if (password.length < 8 || password.length > 256) {
          refuse('password', 'The password needs at least 8 characters.');
          return;
        }
        const result = register({ username, email, password });
        if (!result.ok) {
          if (result.code === 'user.username_already_in_use') {
            refuse('username', 'This username is already taken.');
          } else refuse('email', 'This email is already used by another account.');
          return;
        }
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: result.userId } },
          { mergeWithLastSubmission: false },
        );
        options.onUserRegistered?.({
          userId: result.userId,
          organizationIds: result.organizationIds,
          method: 'POST',
          path: `/interaction/${uid}/register`,
          userAgent: req.get('user-agent'),
          ip: req.ip,
        });
      } catch (err) {
        interactionError(res, err);
      }
    });
  }

  router.post('/interaction/:uid/abort', async (req: Request, res: Response) => {
    try {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
    } catch (err) {
      interactionError(res, err);
    }
  });

  router.use((req: Request, res: Response) => {
    void callback(req, res);
  });

  const mintAccessToken = async (input: MintInput): Promise<MintedToken> => {
    const { userId, resource, organizationId } = input;
    if (!directory.getUserClaims(userId)) {
      throw new MintError('user.not_found', 404, 'No user with this id.');
    }
    const clientId = input.clientId ?? directory.applications().find((a) => a.type === 'SPA')?.id;
    const client = clientId ? await provider.Client.find(clientId) : undefined;
    if (!client) throw new MintError('oidc.invalid_client', 400, 'Unknown client.');

    let audience: string;
    let available: string[];
    if (resource !== undefined) {
      if (!isKnownResource(resource)) {
        throw new MintError('oidc.invalid_target', 400, 'The resource indicator is unknown.');
      }
      if (organizationId !== undefined && !directory.isMember(organizationId, userId)) {
        throw new MintError(
          'oidc.access_denied',
          403,
          'The user is not a member of the organization.',
        );
      }
      audience = resource;
      available = directory.resourceScopesOf(userId, resource);
    } else if (organizationId !== undefined) {
      if (!directory.isMember(organizationId, userId)) {
        throw new MintError(
          'oidc.access_denied',
          403,
          'The user is not a member of the organization.',
        );
      }
      audience = organizationAudience(organizationId);
      available = directory.organizationScopesOf(organizationId, userId);
    } else {
      throw new MintError('oidc.invalid_target', 400, 'Give a resource or an organizationId.');
    }
    const requested = input.scope === undefined ? undefined : new Set(input.scope.split(' '));
    const scope = (requested ? available.filter((s) => requested.has(s)) : available).join(' ');

    const at = new provider.AccessToken({
      accountId: userId,
      client,
      grantId: `emulator-${randomBytes(12).toString('base64url')}`,
      gty: 'refresh_token',
      scope,
    });
    at.resourceServer = new provider.ResourceServer(audience, jwtResourceServer(available));
    if (resource !== undefined && organizationId !== undefined) {
      mintedOrganization.set(at, organizationId);
    }
    const accessToken = await at.save();
    return { access_token: accessToken, expires_in: ACCESS_TOKEN_TTL, scope, token_type: 'Bearer' };
  };

  return { handler: router as RequestHandler, mintAccessToken };
};

export type { ClientMetadata };
