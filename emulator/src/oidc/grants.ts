/**
 * Token grants as Logto has them on top of oidc-provider:
 *
 * - `refresh_token` with `organization_id` (and no `resource`) issues an organization token:
 *   `aud` = `urn:logto:organization:<id>`, `scope` = the user's organization permissions in that
 *   organization ∩ the scopes of the refresh token (or of the `scope` parameter). A non-member
 *   gets 403 `access_denied`. The refresh token must carry `urn:logto:scope:organizations`.
 * - `refresh_token` with `organization_id` and `resource` issues a normal resource token with an
 *   extra `organization_id` claim (membership is still required).
 * - every other `refresh_token` request runs oidc-provider's own handler unchanged.
 * - `client_credentials` needs a `resource` (Logto refuses an opaque M2M token); an
 *   `organization_id` is refused because the emulator has no app-organization links.
 */
import { errors } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC, RefreshToken, Grant } from 'oidc-provider';
import { handler as builtinRefresh } from 'oidc-provider/lib/actions/grants/refresh_token.js';
import { handler as builtinClientCredentials } from 'oidc-provider/lib/actions/grants/client_credentials.js';
import * as grantHelpers from 'oidc-provider/lib/helpers/grants.js';
import {
  validateAccount,
  checkAccountMismatch,
  createAccessToken,
  issueIdToken,
} from 'oidc-provider/lib/helpers/grant_common.js';
import revoke from 'oidc-provider/lib/helpers/revoke.js';
import type { Directory } from '../contracts.js';
import { accessDenied } from './errors.js';
import { organizationResourceServer, ORGANIZATIONS_SCOPE, organizationAudience } from './scopes.js';

type GrantHandler = (ctx: KoaContextWithOIDC) => Promise<void>;

function paramOf(ctx: KoaContextWithOIDC, name: string): string | undefined {
  const value = (ctx.oidc.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The grant helpers of oidc-provider, bound to this provider, as its own grants get them. */
function boundHelpers(provider: Provider): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(grantHelpers).map(([name, helper]) => [
      name,
      typeof helper === 'function'
        ? (helper as (...args: unknown[]) => unknown).bind(undefined, provider)
        : helper,
    ]),
  );
}

export function registerGrants(provider: Provider, directory: Directory): void {
  const helpers = boundHelpers(provider);

  const refreshHandler: GrantHandler = async (ctx) => {
    const organizationId = paramOf(ctx, 'organization_id');
    if (organizationId === undefined) {
      await builtinRefresh(provider, helpers, ctx);
      return;
    }
    if (paramOf(ctx, 'resource') !== undefined) {
      // A resource token that also names the organization: membership first, then the usual
      // handler; `extraTokenClaims` adds the `organization_id` claim.
      await assertMemberForRefresh(ctx, organizationId);
      await builtinRefresh(provider, helpers, ctx);
      return;
    }
    await organizationTokenGrant(provider, directory, ctx, organizationId);
  };

  /** Checks membership for the account behind the presented refresh token. */
  const assertMemberForRefresh = async (ctx: KoaContextWithOIDC, organizationId: string) => {
    const value = paramOf(ctx, 'refresh_token');
    if (value === undefined) return; // the handler reports the missing parameter
    const token = await provider.RefreshToken.find(value, { ignoreExpiration: true });
    if (!token || token.clientId !== ctx.oidc.client?.clientId) return; // reported by the handler
    if (!directory.isMember(organizationId, token.accountId)) {
      throw accessDenied('user is not a member of the organization');
    }
  };

  const clientCredentialsHandler: GrantHandler = async (ctx) => {
    if (paramOf(ctx, 'organization_id') !== undefined) {
      throw accessDenied('app has not associated with the organization');
    }
    if (paramOf(ctx, 'resource') === undefined) {
      throw new errors.InvalidTarget('both `resource` and `organization_id` are not provided');
    }
    await builtinClientCredentials(provider, helpers, ctx);
  };

  provider.registerGrantType(
    'refresh_token',
    refreshHandler,
    ['refresh_token', 'scope', 'resource', 'organization_id'],
    ['resource'],
  );
  // Logto advertises token exchange (used for impersonation); the emulator lists it and refuses it.
  provider.registerGrantType(
    'urn:ietf:params:oauth:grant-type:token-exchange',
    async () => {
      throw new errors.UnsupportedGrantType('token exchange is not available in the emulator');
    },
    ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'scope', 'resource'],
  );
  provider.registerGrantType(
    'client_credentials',
    clientCredentialsHandler,
    ['scope', 'resource', 'organization_id'],
    ['resource'],
  );
}

/** Should this refresh rotate the refresh token? The same rule as oidc-provider's default. */
function shouldRotate(ctx: KoaContextWithOIDC, refreshToken: RefreshToken): boolean {
  if (refreshToken.totalLifetime() >= 365.25 * 24 * 60 * 60) return false;
  if (ctx.oidc.client?.clientAuthMethod === 'none' && !refreshToken.isSenderConstrained()) {
    return true;
  }
  return refreshToken.ttlPercentagePassed() >= 70;
}

async function organizationTokenGrant(
  provider: Provider,
  directory: Directory,
  ctx: KoaContextWithOIDC,
  organizationId: string,
): Promise<void> {
  const { client } = ctx.oidc;
  if (!client) throw new errors.InvalidClient('client must be available');

  const refreshTokenParam = paramOf(ctx, 'refresh_token');
  if (refreshTokenParam === undefined) {
    throw new errors.InvalidRequest("missing required parameter 'refresh_token'");
  }
  let refreshTokenValue: string = refreshTokenParam;
  let refreshToken = await provider.RefreshToken.find(refreshTokenValue, {
    ignoreExpiration: true,
  });
  if (!refreshToken) throw new errors.InvalidGrant('refresh token not found');
  if (refreshToken.clientId !== client.clientId) throw new errors.InvalidGrant('client mismatch');
  if (refreshToken.isExpired) throw new errors.InvalidGrant('refresh token is expired');
  if (!refreshToken.grantId) throw new errors.InvalidGrant('grantId not found');

  const grant = (await grantHelpers.validateGrant(provider, ctx, refreshToken.grantId)) as Grant;

  const requested = ctx.oidc.params?.scope ? ctx.oidc.requestParamScopes : undefined;
  if (requested) {
    const missing = [...requested].filter((s) => !refreshToken!.scopes.has(s));
    if (missing.length > 0) {
      throw new errors.InvalidScope(
        `refresh token missing requested ${missing.length === 1 ? 'scope' : 'scopes'}`,
        missing.join(' '),
      );
    }
  }

  ctx.oidc.entity('RefreshToken', refreshToken);
  ctx.oidc.entity('Grant', grant);

  const account = await validateAccount(provider, ctx, refreshToken, 'refresh token');
  checkAccountMismatch(refreshToken, grant);
  ctx.oidc.entity('Account', account as never);

  if (refreshToken.consumed) {
    await Promise.all([refreshToken.destroy(), revoke(ctx, refreshToken.grantId)]);
    throw new errors.InvalidGrant('refresh token already used');
  }

  if (!directory.isMember(organizationId, account.accountId)) {
    throw accessDenied('user is not a member of the organization');
  }
  if (!refreshToken.scopes.has(ORGANIZATIONS_SCOPE)) {
    throw new errors.InsufficientScope('refresh token missing required scope', ORGANIZATIONS_SCOPE);
  }

  if (shouldRotate(ctx, refreshToken)) {
    await refreshToken.consume();
    ctx.oidc.entity('RotatedRefreshToken', refreshToken);
    const previous = refreshToken;
    refreshToken = new provider.RefreshToken({
      accountId: previous.accountId,
      acr: previous.acr,
      amr: previous.amr,
      authTime: previous.authTime,
      claims: previous.claims,
      client,
      expiresWithSession: previous.expiresWithSession,
      iiat: previous.iiat,
      grantId: previous.grantId as string,
      gty: previous.gty ?? 'refresh_token',
      nonce: previous.nonce,
      resource: previous.resource,
      rotations: typeof previous.rotations === 'number' ? previous.rotations + 1 : 1,
      scope: previous.scope ?? '',
      sessionUid: previous.sessionUid,
      sid: previous.sid,
    });
    if (refreshToken.gty && !refreshToken.gty.endsWith('refresh_token')) {
      refreshToken.gty = `${refreshToken.gty} refresh_token`;
    }
    ctx.oidc.entity('RefreshToken', refreshToken);
    refreshTokenValue = await refreshToken.save();
  }

  const at = createAccessToken(
    provider,
    ctx,
    {
      accountId: account.accountId,
      expiresWithSession: refreshToken.expiresWithSession,
      grantId: refreshToken.grantId,
      sessionUid: refreshToken.sessionUid,
      sid: refreshToken.sid,
    },
    refreshToken.gty,
  ) as InstanceType<Provider['AccessToken']> & { gty?: string };
  if (at.gty && !at.gty.endsWith('refresh_token')) at.gty = `${at.gty} refresh_token`;

  const scope = requested ?? refreshToken.scopes;
  const available = directory.organizationScopesOf(organizationId, account.accountId);
  const granted = available.filter((name) => scope.has(name));
  at.resourceServer = new provider.ResourceServer(
    organizationAudience(organizationId),
    organizationResourceServer(available),
  );
  at.scope = granted.join(' ');

  ctx.oidc.entity('AccessToken', at);
  const accessToken = await at.save();
  const idToken = await issueIdToken(provider, ctx, refreshToken, at, grant, scope);

  ctx.body = grantHelpers.buildTokenResponse(provider, {
    accessToken,
    expiresIn: at.expiration,
    idToken,
    refreshToken: refreshTokenValue,
    scope: at.scope,
    tokenType: at.tokenType,
  });
}
