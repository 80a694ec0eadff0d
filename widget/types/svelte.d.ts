// Svelte 5 types for the elements, so `<org-members organization-id={id} onorg-left={…}>` is
// checked by svelte-check: add `import type {} from 'logto-org-widget/svelte';` once (e.g. in
// src/app.d.ts). Derived from the types generated from custom-elements.json: new elements appear
// here by themselves.
import type { HTMLAttributes } from 'svelte/elements';
import type { CustomElements } from './custom-elements-jsx.js';

export type { CustomElements } from './custom-elements-jsx.js';

type ElementOf<K> = K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement;

/** Props Svelte types itself (class, style, children …) come from Svelte, the rest from the manifest. */
export type SvelteCustomElements = {
  [K in keyof CustomElements]: Omit<
    CustomElements[K],
    keyof HTMLAttributes<HTMLElement> | 'ref' | 'key' | 'className' | 'classList' | 'htmlFor'
  > &
    HTMLAttributes<ElementOf<K>>;
};

declare module 'svelte/elements' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SvelteHTMLElements extends SvelteCustomElements {}
}
