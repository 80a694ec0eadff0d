// Framework bindings generated from the Custom Elements Manifest (a plugin of the analyzer, see
// custom-elements-manifest.config.mjs): nothing here lists elements, so a new element gets its
// bindings from its JSDoc header alone.
//
//   types/custom-elements-jsx.d.ts  props and `on<event>` callbacks of every element, for any JSX
//                                   (custom-element-jsx-integration)
//   types/vue.d.ts                  Vue `GlobalComponents` (custom-element-vuejs-integration)
//   src/react/index.ts              React wrappers with typed props and `onOrgSelected`-style
//                                   callbacks (@lit/react createComponent), built into dist/react
//
// types/jsx.d.ts (React 19's JSX) and types/svelte.d.ts (Svelte 5's elements) are written by hand
// once: they map over the generated `CustomElements` type.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { generateJsxTypes } from 'custom-element-jsx-integration';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

/** `'org-selected': CustomEvent<OrgSelectedDetail>;` lines of the event map → name → detail type. */
export function readEventMap(source) {
  const block = /interface GlobalEventHandlersEventMap\s*{([^}]*)}/.exec(source)?.[1];
  if (!block) throw new Error('bindings: no GlobalEventHandlersEventMap in events.ts');
  const map = new Map();
  for (const [, name, detail] of block.matchAll(/'([\w-]+)':\s*CustomEvent<(\w+)>/g)) {
    map.set(name, detail);
  }
  return map;
}

/** `org-selected` → `onOrgSelected`. */
export const reactEventProp = (event) =>
  `on${event.replace(/(^|-)(\w)/g, (_, _dash, letter) => letter.toUpperCase())}`;

const camelCase = (name) => name.replace(/-(\w)/g, (_, letter) => letter.toUpperCase());

function customElements(manifest) {
  const found = [];
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) found.push({ mod, declaration });
    }
  }
  return found.sort((a, b) => a.declaration.tagName.localeCompare(b.declaration.tagName));
}

const GENERATED =
  '// Generated from custom-elements.json by widget/bindings.mjs (npm run manifest).';

/** The React wrappers' source: one `createComponent` per element, events from the manifest. */
export function reactWrappers(manifest, details) {
  const elements = customElements(manifest);
  const detailTypes = new Set();
  const imports = [];
  const components = [];
  for (const { mod, declaration } of elements) {
    const from = posix.relative('widget/src/react', mod.path).replace(/\.ts$/, '.js');
    imports.push(`import { ${declaration.name} as ${declaration.name}Element } from '${from}';`);
    const events = (declaration.events ?? []).map((event) => {
      const detail = details.get(event.name);
      detailTypes.add(detail);
      return `    ${reactEventProp(event.name)}: '${event.name}' as EventName<CustomEvent<${detail}>>,`;
    });
    components.push(
      [
        `/** \`<${declaration.tagName}>\`${declaration.summary ? `: ${declaration.summary}` : ''} */`,
        `export const ${declaration.name} = createComponent({`,
        `  tagName: '${declaration.tagName}',`,
        `  elementClass: ${declaration.name}Element,`,
        '  react: React,',
        `  displayName: '${declaration.name}',`,
        events.length ? `  events: {\n${events.join('\n')}\n  },` : '  events: {},',
        '});',
      ].join('\n'),
    );
  }
  return [
    "'use client';",
    GENERATED,
    '// React wrappers: element properties as props, events as `onOrgSelected`-style callbacks whose',
    '// listeners are attached by @lit/react itself (so they work on server-rendered, hydrated output).',
    "import * as React from 'react';",
    "import { createComponent, type EventName } from '@lit/react';",
    ...imports,
    `import type {\n${[...detailTypes]
      .sort()
      .map((type) => `  ${type},`)
      .join('\n')}\n} from '../internal/events.js';`,
    '',
    components.join('\n\n'),
    '',
  ].join('\n');
}

function write(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/**
 * The analyzer plugin: types every `@fires` from the event map (an event missing there stops the
 * build), then writes the bindings under `outdir` (`widget`, or check:manifest's scratch folder).
 */
export function frameworkBindings({ outdir, eventsSource }) {
  const details = readEventMap(eventsSource);
  return {
    name: 'framework-bindings',
    packageLinkPhase({ customElementsManifest }) {
      const elements = customElements(customElementsManifest);
      for (const { declaration } of elements) {
        for (const event of declaration.events ?? []) {
          const detail = details.get(event.name);
          if (!detail) {
            throw new Error(
              `bindings: <${declaration.tagName}> fires ${event.name}, which events.ts does not declare in GlobalEventHandlersEventMap`,
            );
          }
          event.type = { text: `CustomEvent<${detail}>` };
        }
      }
      // The type generators wrap an event's type in CustomEvent<…> themselves: give them the detail,
      // as an import type (they would import bare names once per element, duplicates included).
      const forGenerators = structuredClone(customElementsManifest);
      for (const { declaration } of customElements(forGenerators)) {
        for (const event of declaration.events ?? []) {
          event.type = { text: `import('../dist/index.js').${details.get(event.name)}` };
        }
      }
      // Attribute-only settings (no property: `live`) have no field to index the element's type
      // with; the generators would write `El['undefined']`. Mark them and write their type instead.
      const attributeOnly = new Map();
      for (const { declaration } of customElements(forGenerators)) {
        for (const attribute of declaration.attributes ?? []) {
          if (attribute.fieldName) continue;
          const marker = `attr:${attribute.name}`;
          attribute.fieldName = marker;
          attributeOnly.set(`${declaration.name}["${marker}"]`, attribute.type?.text ?? 'string');
        }
      }
      const resolveAttributeOnly = (file) => {
        let text = readFileSync(file, 'utf8');
        for (const [reference, type] of attributeOnly) {
          text = text.split(reference).join(type).split(reference.replaceAll('"', "'")).join(type);
        }
        writeFileSync(file, text);
      };
      const common = {
        outdir: join(outdir, 'types'),
        globalTypePath: '../dist/index.js',
        hideLogs: true,
      };
      generateJsxTypes(structuredClone(forGenerators), {
        ...common,
        fileName: 'custom-elements-jsx.d.ts',
      });
      resolveAttributeOnly(join(outdir, 'types', 'custom-elements-jsx.d.ts'));
      // vue-tsc camelizes template names (`:page-size` → `pageSize`, `@org-left` → `onOrgLeft`):
      // give the Vue generator those names, or nothing in a template would be checked.
      const forVue = structuredClone(forGenerators);
      for (const { declaration } of customElements(forVue)) {
        for (const attribute of declaration.attributes ?? []) {
          attribute.name = attribute.fieldName?.startsWith('attr:')
            ? camelCase(attribute.name)
            : (attribute.fieldName ?? camelCase(attribute.name));
        }
        for (const event of declaration.events ?? [])
          event.name = reactEventProp(event.name).slice(2);
      }
      generateVuejsTypes(forVue, { ...common, fileName: 'vue.d.ts' });
      resolveAttributeOnly(join(outdir, 'types', 'vue.d.ts'));
      write(join(outdir, 'src/react/index.ts'), reactWrappers(customElementsManifest, details));
    },
  };
}
