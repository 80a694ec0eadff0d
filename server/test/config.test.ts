import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { TEST_ENV } from './helpers.js';

function failure(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, 'a ConfigError');
    return error;
  }
  assert.fail('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  it('parses a complete environment into a frozen object with defaults', () => {
    const config = loadConfig({ ...TEST_ENV, LOGTO_ENDPOINT: 'http://localhost:3001/' });
    assert.equal(config.logtoEndpoint, 'http://localhost:3001');
    assert.equal(config.issuer, 'http://localhost:3001/oidc');
    assert.equal(config.managementApiResource, 'https://default.logto.app/api');
    assert.equal(config.port, 8787);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.jitAnyDomain, false);
    assert.deepEqual(config.allowedOrigins, ['http://localhost:5173']);
    assert.deepEqual(config.tokenAlgorithms, ['ES384']);
    assert.equal(config.creatorRoleName, 'admin');
    assert.equal(config.trustProxy, false);
    assert.equal(config.upstreamTimeoutMs, 5000);
    assert.equal(config.invitationDefaultDays, 7);
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.allowedOrigins));
    assert.ok(Object.isFrozen(config.rateLimit));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
  });

  for (const name of [
    'LOGTO_ENDPOINT',
    'LOGTO_M2M_APP_ID',
    'LOGTO_M2M_APP_SECRET',
    'ORG_API_RESOURCE',
    'ORG_INVITATION_LINK',
  ] as const) {
    it(`names a missing ${name}`, () => {
      const env: Record<string, string | undefined> = { ...TEST_ENV };
      delete env[name];
      const error = failure(env);
      assert.equal(error.variable, name);
      assert.match(error.message, new RegExp(name));
    });
  }

  it('names malformed variables', () => {
    assert.equal(failure({ ...TEST_ENV, LOGTO_ENDPOINT: 'not a url' }).variable, 'LOGTO_ENDPOINT');
    assert.equal(failure({ ...TEST_ENV, PORT: '70000' }).variable, 'PORT');
    assert.equal(failure({ ...TEST_ENV, PORT: 'eighty' }).variable, 'PORT');
    assert.equal(failure({ ...TEST_ENV, HOST: 'http://0.0.0.0' }).variable, 'HOST');
    assert.equal(failure({ ...TEST_ENV, HOST: 'a b' }).variable, 'HOST');
    assert.equal(loadConfig({ ...TEST_ENV, HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({ ...TEST_ENV, HOST: '::' }).host, '::');
    assert.equal(loadConfig({ ...TEST_ENV, ORG_JIT_ANY_DOMAIN: 'true' }).jitAnyDomain, true);
    assert.equal(
      failure({ ...TEST_ENV, ORG_JIT_ANY_DOMAIN: 'yes' }).variable,
      'ORG_JIT_ANY_DOMAIN',
    );
    assert.equal(
      failure({ ...TEST_ENV, ORG_INVITATION_LINK: 'http://x/invite' }).variable,
      'ORG_INVITATION_LINK',
    );
    assert.equal(
      failure({ ...TEST_ENV, ORG_ALLOWED_ORIGINS: 'http://a.example/path' }).variable,
      'ORG_ALLOWED_ORIGINS',
    );
    assert.equal(
      failure({ ...TEST_ENV, ORG_CLOCK_TOLERANCE_S: '31' }).variable,
      'ORG_CLOCK_TOLERANCE_S',
    );
  });

  it('refuses a Logto endpoint with credentials, a query, a fragment or an /oidc or /api path', () => {
    for (const value of [
      'http://admin:s3cr3t-in-url@localhost:3001',
      'http://localhost:3001?x=1',
      'http://localhost:3001#top',
      'http://localhost:3001/oidc',
      'http://localhost:3001/api/',
    ]) {
      const error = failure({ ...TEST_ENV, LOGTO_ENDPOINT: value });
      assert.equal(error.variable, 'LOGTO_ENDPOINT', value);
      assert.doesNotMatch(error.message, /s3cr3t/);
    }
    // A base URL under a path (behind a reverse proxy) is fine.
    assert.equal(
      loadConfig({ ...TEST_ENV, LOGTO_ENDPOINT: 'https://example.com/logto/' }).issuer,
      'https://example.com/logto/oidc',
    );
  });

  it('refuses API resources that are not absolute URIs', () => {
    for (const name of ['ORG_API_RESOURCE', 'LOGTO_MANAGEMENT_API_RESOURCE']) {
      for (const value of ['not a url', 'api.example.com', 'https://api.example.com/#x']) {
        assert.equal(failure({ ...TEST_ENV, [name]: value }).variable, name, `${name}=${value}`);
      }
    }
    assert.equal(
      loadConfig({ ...TEST_ENV, ORG_API_RESOURCE: 'https://api.example.com/org' }).apiResource,
      'https://api.example.com/org',
    );
  });

  it('refuses a malformed ORG_TRUST_PROXY instead of failing at start', () => {
    for (const value of ['abc', '-1', '10.0.0.0/33', '::1/129', '1.2.3.4/x', '10.0.0.0/8/1']) {
      assert.equal(failure({ ...TEST_ENV, ORG_TRUST_PROXY: value }).variable, 'ORG_TRUST_PROXY');
    }
    for (const value of [
      'loopback, linklocal, uniquelocal',
      '10.0.0.0/8,192.168.1.7',
      '::1/128',
      '10.0.0.0/255.0.0.0',
    ]) {
      assert.equal(loadConfig({ ...TEST_ENV, ORG_TRUST_PROXY: value }).trustProxy, value);
    }
  });

  it('refuses an ORG_WEBHOOK_SIGNING_KEY that is set but names no key', () => {
    for (const value of [',', ' , ', 'short']) {
      assert.equal(
        failure({ ...TEST_ENV, ORG_WEBHOOK_SIGNING_KEY: value }).variable,
        'ORG_WEBHOOK_SIGNING_KEY',
      );
    }
    assert.deepEqual(
      loadConfig({ ...TEST_ENV, ORG_WEBHOOK_SIGNING_KEY: '' }).live.webhookSigningKeys,
      [],
    );
    assert.deepEqual(
      loadConfig({ ...TEST_ENV, ORG_WEBHOOK_SIGNING_KEY: 'new-key-0123456789, old-key-0123456789' })
        .live.webhookSigningKeys,
      ['new-key-0123456789', 'old-key-0123456789'],
    );
  });

  it('refuses none and HMAC algorithms', () => {
    for (const algs of ['none', 'HS256', 'ES384,HS256', 'RS1']) {
      assert.equal(
        failure({ ...TEST_ENV, ORG_TOKEN_ALGORITHMS: algs }).variable,
        'ORG_TOKEN_ALGORITHMS',
      );
    }
    assert.deepEqual(
      loadConfig({ ...TEST_ENV, ORG_TOKEN_ALGORITHMS: 'ES384, RS256' }).tokenAlgorithms,
      ['ES384', 'RS256'],
    );
  });

  it('never puts a secret value in the error message', () => {
    const error = failure({ ...TEST_ENV, LOGTO_ENDPOINT: 'super-secret-value-123' });
    assert.doesNotMatch(error.message, /super-secret-value-123/);
  });

  it('parses trust proxy, lists and limits', () => {
    const config = loadConfig({
      ...TEST_ENV,
      ORG_TRUST_PROXY: '2',
      ORG_ALLOWED_ORIGINS: 'http://a.example, https://b.example:8443',
      ORG_RATE_LIMIT_CREATE: '3',
      ORG_CREATE_SCOPE: 'create:organization',
    });
    assert.equal(config.trustProxy, 2);
    assert.deepEqual(config.allowedOrigins, ['http://a.example', 'https://b.example:8443']);
    assert.equal(config.rateLimit.createOrganization, 3);
    assert.equal(config.createOrganizationScope, 'create:organization');
    assert.equal(loadConfig({ ...TEST_ENV, ORG_TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
  });

  it('parses the role template cache time: default 30 s, 0 turns it off, bounded', () => {
    assert.equal(loadConfig({ ...TEST_ENV }).roleTemplateTtlMs, 30_000);
    assert.equal(loadConfig({ ...TEST_ENV, ORG_ROLE_CACHE_MS: '0' }).roleTemplateTtlMs, 0);
    for (const value of ['-1', '300001', 'soon', '1.5']) {
      assert.equal(
        failure({ ...TEST_ENV, ORG_ROLE_CACHE_MS: value }).variable,
        'ORG_ROLE_CACHE_MS',
      );
    }
  });
});
