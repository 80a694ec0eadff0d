// React 19 JSX types for the elements, so `<org-members organization-id={id} />` type-checks:
// add `import type {} from 'logto-org-widget/jsx';` once (or list it in tsconfig `types`).
// React 19 reads JSX types from the `react` module: a global `namespace JSX` has no effect.
// Derived from the types generated from custom-elements.json: new elements appear here by
// themselves. Prefer the wrappers of `logto-org-widget/react` for typed `onOrgSelected` callbacks;
// React does not attach `onorg-…` listeners to server-rendered, hydrated custom elements.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CustomElements } from './custom-elements-jsx.js';

export type { CustomElements, ScopedElements } from './custom-elements-jsx.js';

type ElementOf<K> = K extends keyof HTMLElementTagNameMap ? HTMLElementTagNameMap[K] : HTMLElement;

/** Props React types itself (style, children, ref, key …) come from React, the rest from the manifest. */
export type ReactCustomElements = {
  [K in keyof CustomElements]: Omit<
    CustomElements[K],
    keyof HTMLAttributes<HTMLElement> | 'ref' | 'key' | 'class' | 'classList' | 'htmlFor'
  > &
    DetailedHTMLProps<HTMLAttributes<ElementOf<K>>, ElementOf<K>>;
};

declare module 'react' {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface IntrinsicElements extends ReactCustomElements {}
  }
}
