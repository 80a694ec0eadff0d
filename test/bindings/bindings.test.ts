/**
 * The framework bindings generator (widget/bindings.mjs): event types come from the event map, an
 * event missing there stops the build, and the React wrappers follow the manifest.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  frameworkBindings,
  reactEventProp,
  reactWrappers,
  readEventMap,
} from '../../widget/bindings.mjs';

const eventsSource = `
declare global {
  interface GlobalEventHandlersEventMap {
    'org-selected': CustomEvent<OrgSelectedDetail>;
    'org-error': CustomEvent<OrgErrorDetail>;
  }
}`;

function manifest(events: string[]) {
  return {
    schemaVersion: '1.0.0',
    modules: [
      {
        kind: 'javascript-module',
        path: 'widget/src/org-thing/org-thing.ts',
        declarations: [
          {
            kind: 'class',
            name: 'OrgThing',
            tagName: 'org-thing',
            customElement: true,
            summary: 'A thing.',
            attributes: [
              { name: 'organization-id', fieldName: 'organizationId' },
              // An attribute with no property behind it (read with getAttribute).
              { name: 'live', type: { text: '"off"' } },
            ],
            events: events.map((name) => ({ name })),
          },
        ],
      },
    ],
  };
}

describe('framework bindings', () => {
  it('reads the event map of events.ts', () => {
    assert.deepEqual(
      [...readEventMap(eventsSource)],
      [
        ['org-selected', 'OrgSelectedDetail'],
        ['org-error', 'OrgErrorDetail'],
      ],
    );
    assert.throws(() => readEventMap('export {};'), /GlobalEventHandlersEventMap/);
  });

  it('names React callbacks after the event', () => {
    assert.equal(reactEventProp('org-invitations-sent'), 'onOrgInvitationsSent');
  });

  it('types every event from the map and writes the bindings', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'org-widget-bindings-'));
    try {
      const cem = manifest(['org-selected']);
      frameworkBindings({ outdir, eventsSource }).packageLinkPhase({ customElementsManifest: cem });
      const [event] = cem.modules[0]!.declarations[0]!.events as Array<{ type?: unknown }>;
      assert.deepEqual(event!.type, {
        text: 'CustomEvent<OrgSelectedDetail>',
      });
      const react = readFileSync(join(outdir, 'src/react/index.ts'), 'utf8');
      assert.match(
        react,
        /import \{ OrgThing as OrgThingElement \} from '..\/org-thing\/org-thing.js';/,
      );
      assert.match(
        react,
        /onOrgSelected: 'org-selected' as EventName<CustomEvent<OrgSelectedDetail>>/,
      );
      const vue = readFileSync(join(outdir, 'types/vue.d.ts'), 'utf8');
      assert.match(vue, /organizationId\?: OrgThing\["organizationId"\]/);
      assert.match(vue, /onOrgSelected\?:/);
      const jsx = readFileSync(join(outdir, 'types/custom-elements-jsx.d.ts'), 'utf8');
      // An attribute-only setting is typed by its own type, never as OrgThing['undefined'].
      assert.match(vue, /live\?: "off";/);
      assert.match(jsx, /live\?: "off";/);
      for (const text of [vue, jsx]) assert.doesNotMatch(text, /undefined"\]|attr:/);
      assert.match(
        jsx,
        /"onorg-selected"\?: \(e: CustomEvent<import\("..\/dist\/index.js"\).OrgSelectedDetail>\)/,
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('stops on an event the map does not declare', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'org-widget-bindings-'));
    try {
      assert.throws(
        () =>
          frameworkBindings({ outdir, eventsSource }).packageLinkPhase({
            customElementsManifest: manifest(['org-unknown']),
          }),
        /org-unknown/,
      );
      assert.equal(reactWrappers(manifest([]), new Map()).includes('events: {}'), true);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
