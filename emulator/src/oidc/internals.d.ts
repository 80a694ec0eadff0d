/**
 * Type declarations for the few oidc-provider internals the emulator reuses (the package has no
 * `exports` map, so these modules are importable). Only what the emulator calls is declared.
 */
declare module 'oidc-provider/lib/actions/grants/refresh_token.js' {
  export const handler: (provider: unknown, helpers: unknown, ctx: unknown) => Promise<void>;
  export const parameters: Set<string>;
}

declare module 'oidc-provider/lib/actions/grants/client_credentials.js' {
  export const handler: (provider: unknown, helpers: unknown, ctx: unknown) => Promise<void>;
  export const parameters: Set<string>;
}

declare module 'oidc-provider/lib/helpers/grants.js' {
  export function validateGrant(provider: unknown, ctx: unknown, grantId: string): Promise<unknown>;
  export function buildTokenResponse(
    provider: unknown,
    body: {
      accessToken: string;
      expiresIn?: number;
      idToken?: string;
      refreshToken?: string;
      scope?: string;
      tokenType: string;
    },
  ): Record<string, unknown>;
}

declare module 'oidc-provider/lib/helpers/grant_common.js' {
  export function validateAccount(
    provider: unknown,
    ctx: unknown,
    source: unknown,
    label: string,
  ): Promise<{ accountId: string }>;
  export function checkAccountMismatch(source: unknown, grant: unknown): void;
  export function createAccessToken(
    provider: unknown,
    ctx: unknown,
    source: unknown,
    gty: string | undefined,
  ): unknown;
  export function issueIdToken(
    provider: unknown,
    ctx: unknown,
    source: unknown,
    at: unknown,
    grant: unknown,
    scopeOverride?: Set<string>,
  ): Promise<string | undefined>;
}

declare module 'oidc-provider/lib/helpers/revoke.js' {
  const revoke: (ctx: unknown, grantId: string) => Promise<void>;
  export default revoke;
}
