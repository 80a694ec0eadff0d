/**
 * Organization branding and flags (recordings 530–536): `branding` URLs, `isMfaRequired`,
 * `customData`, `color`, `customCss` on create, PATCH, GET and the list, with Logto's checks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestEmulator, unique } from './support/emulator.js';
import type { TestEmulator } from './support/emulator.js';

describe('organization branding and flags', () => {
  let t: TestEmulator;
  let orgId: string;
  let name: string;
  before(async () => {
    t = await startTestEmulator();
    name = unique('Brand Org ');
    const res = await t.api('POST', '/organizations', {
      name,
      branding: { logoUrl: 'https://example.com/logo.png' },
      isMfaRequired: true,
    });
    assert.equal(res.status, 201);
    orgId = res.body.id;
    assert.deepEqual(res.body.branding, { logoUrl: 'https://example.com/logo.png' });
    assert.equal(res.body.isMfaRequired, true);
    assert.deepEqual(res.body.color, {});
    assert.equal(res.body.customCss, null);
  });
  after(() => t.close());

  const patch = (body: unknown) => t.api('PATCH', `/organizations/${orgId}`, body);

  it('PATCH replaces branding (light and dark logos); GET shows it', async () => {
    const branding = {
      logoUrl: 'https://example.com/logo-light.png',
      darkLogoUrl: 'https://example.com/logo-dark.png',
    };
    const res = await patch({ branding });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.branding, branding);
    assert.equal(res.body.isMfaRequired, true);
    const get = await t.api('GET', `/organizations/${orgId}`);
    assert.deepEqual(get.body.branding, branding);
  });

  it('refuses a branding URL that is not a URL, and null branding (400 guard.invalid_input)', async () => {
    const bad = await patch({ branding: { logoUrl: 'not a url' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
    assert.deepEqual(bad.body.data.issues[0].path, ['branding', 'logoUrl']);
    assert.equal(bad.body.data.issues[0].code, 'invalid_string');
    assert.equal(bad.body.data.issues[0].validation, 'url');
    const nul = await patch({ branding: null });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.code, 'guard.invalid_input');
    assert.deepEqual(nul.body.data.issues[0].path, ['branding']);
    const kept = await t.api('GET', `/organizations/${orgId}`);
    assert.equal(kept.body.branding.darkLogoUrl, 'https://example.com/logo-dark.png');
  });

  it('an empty branding object clears it; unknown branding keys are dropped', async () => {
    const empty = await patch({ branding: {} });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.branding, {});
    const extra = await patch({ branding: { favicon: 'https://example.com/f.ico', other: 'x' } });
    assert.deepEqual(extra.body.branding, { favicon: 'https://example.com/f.ico' });
    await patch({ branding: {} });
  });

  it('isMfaRequired takes booleans only', async () => {
    assert.equal((await patch({ isMfaRequired: false })).body.isMfaRequired, false);
    const str = await patch({ isMfaRequired: 'yes' });
    assert.equal(str.status, 400);
    assert.equal(str.body.code, 'guard.invalid_input');
    assert.equal((await patch({ isMfaRequired: true })).body.isMfaRequired, true);
  });

  it('customData is replaced by an object; an array or null is 400', async () => {
    const res = await patch({ customData: { tier: 'gold', seats: 5 } });
    assert.deepEqual(res.body.customData, { tier: 'gold', seats: 5 });
    const replaced = await patch({ customData: { region: 'eu' } });
    assert.deepEqual(replaced.body.customData, { region: 'eu' });
    for (const customData of [['a'], null]) {
      const bad = await patch({ customData });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.code, 'guard.invalid_input');
    }
  });

  it('color (hex colors) and customCss; a bad color is 400', async () => {
    const color = { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' };
    const res = await patch({ color, customCss: '.x{color:red}' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.color, color);
    assert.equal(res.body.customCss, '.x{color:red}');
    const bad = await patch({ color: { primaryColor: 'red' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'guard.invalid_input');
  });

  it('all four branding URLs show in GET and in the list', async () => {
    const branding = {
      logoUrl: 'https://example.com/logo-light.png',
      darkLogoUrl: 'https://example.com/logo-dark.png',
      favicon: 'https://example.com/fav.ico',
      darkFavicon: 'https://example.com/fav-dark.ico',
    };
    assert.equal((await patch({ branding })).status, 200);
    const get = await t.api('GET', `/organizations/${orgId}`);
    assert.deepEqual(get.body, {
      tenantId: 'default',
      id: orgId,
      name,
      description: null,
      customData: { region: 'eu' },
      isMfaRequired: true,
      color: { primaryColor: '#112233', isDarkModeEnabled: true, darkPrimaryColor: '#445566' },
      branding,
      customCss: '.x{color:red}',
      createdAt: get.body.createdAt,
    });
    const list = await t.api('GET', `/organizations?q=${encodeURIComponent(name)}`);
    assert.equal(list.headers.get('total-number'), '1');
    assert.deepEqual(list.body[0], get.body);
  });
});
