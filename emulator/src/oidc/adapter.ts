/**
 * Storage for oidc-provider: an in-memory store per emulator instance (sessions, interactions,
 * codes, grants, refresh tokens) and a `Client` model read live from the `Directory`, so apps
 * created after start are known at once.
 */
import type { Adapter, AdapterPayload, ClientMetadata } from 'oidc-provider';
import type { Directory, DirectoryApplication } from '../contracts.js';

interface Entry {
  payload: AdapterPayload;
  expiresAt?: number;
}

/** Placeholder redirect URI for SPA apps that list none (loopback URLs are accepted anyway). */
const FALLBACK_REDIRECT_URI = 'http://localhost/callback';

export function clientMetadataOf(app: DirectoryApplication): ClientMetadata | undefined {
  if (app.type === 'MachineToMachine') {
    return {
      client_id: app.id,
      client_name: app.name,
      client_secret: app.secret ?? '',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    };
  }
  if (app.type === 'SPA') {
    return {
      client_id: app.id,
      client_name: app.name,
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: app.redirectUris.length > 0 ? app.redirectUris : [FALLBACK_REDIRECT_URI],
      post_logout_redirect_uris: app.postLogoutRedirectUris,
    };
  }
  if (app.secret) {
    return {
      client_id: app.id,
      client_name: app.name,
      client_secret: app.secret,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: app.redirectUris.length > 0 ? app.redirectUris : [FALLBACK_REDIRECT_URI],
      post_logout_redirect_uris: app.postLogoutRedirectUris,
    };
  }
  return undefined;
}

/**
 * As in Logto, a rotated refresh token still counts as unused for 3 seconds after its rotation,
 * so concurrent refreshes of one client (a resource token and an organization token asked for at
 * the same time) do not look like a replay that revokes the whole grant.
 */
export const REFRESH_TOKEN_REUSE_SECONDS = 3;

/** Builds the adapter factory oidc-provider calls once per model name. */
export function createAdapterFactory(directory: Directory): new (name: string) => Adapter {
  const store = new Map<string, Entry>();
  const now = () => Date.now();

  const read = (key: string): AdapterPayload | undefined => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  // Drop expired entries now and then so a long-running emulator does not grow without bound.
  let writes = 0;
  const sweep = () => {
    writes += 1;
    if (writes % 500 !== 0) return;
    const t = now();
    for (const [key, entry] of store) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= t) store.delete(key);
    }
  };

  class ClientAdapter implements Adapter {
    async upsert(): Promise<void> {
      // Clients come from the directory only.
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      const app = directory.applications().find((a) => a.id === id);
      return app ? (clientMetadataOf(app) as AdapterPayload | undefined) : undefined;
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async findByUid(): Promise<undefined> {
      return undefined;
    }
    async consume(): Promise<void> {}
    async destroy(): Promise<void> {}
    async revokeByGrantId(): Promise<void> {}
  }

  class MemoryAdapter implements Adapter {
    private readonly name: string;
    constructor(name: string) {
      this.name = name;
    }
    private key(id: string): string {
      return `${this.name}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      sweep();
      const entry: Entry = { payload: { ...payload } };
      if (typeof expiresIn === 'number' && expiresIn > 0)
        entry.expiresAt = now() + expiresIn * 1000;
      store.set(this.key(id), entry);
      if (payload.grantId) {
        const grantKey = `grant:${payload.grantId}`;
        const members = (read(grantKey)?.members as string[] | undefined) ?? [];
        if (!members.includes(this.key(id))) members.push(this.key(id));
        store.set(grantKey, { payload: { members } });
      }
      if (payload.uid) store.set(`${this.name}:uid:${payload.uid}`, { payload: { id } });
      if (payload.userCode)
        store.set(`${this.name}:userCode:${payload.userCode}`, { payload: { id } });
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      const found = read(this.key(id));
      if (!found) return undefined;
      const copy = { ...found };
      const consumed = copy.consumed;
      if (
        this.name === 'RefreshToken' &&
        typeof consumed === 'number' &&
        consumed + REFRESH_TOKEN_REUSE_SECONDS > now() / 1000
      ) {
        delete copy.consumed;
      }
      return copy;
    }
    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const ref = read(`${this.name}:uid:${uid}`);
      return typeof ref?.id === 'string' ? this.find(ref.id) : undefined;
    }
    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const ref = read(`${this.name}:userCode:${userCode}`);
      return typeof ref?.id === 'string' ? this.find(ref.id) : undefined;
    }
    async consume(id: string): Promise<void> {
      const found = read(this.key(id));
      if (found) found.consumed = Math.floor(now() / 1000);
    }
    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      const grantKey = `grant:${grantId}`;
      const members = (read(grantKey)?.members as string[] | undefined) ?? [];
      for (const key of members) store.delete(key);
      store.delete(grantKey);
    }
  }

  return class AdapterFactory {
    constructor(name: string) {
      return name === 'Client' ? new ClientAdapter() : new MemoryAdapter(name);
    }
  } as unknown as new (name: string) => Adapter;
}
