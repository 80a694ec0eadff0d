/**
 * Shared styles of every element: theme tokens, buttons, inputs, badges, dialogs, lists.
 *
 * Public theme tokens (all optional, literal fallbacks):
 * `--org-color-primary`, `--org-color-on-primary`, `--org-color-surface`, `--org-color-text`,
 * `--org-color-muted`, `--org-color-border`, `--org-color-danger`, `--org-color-success`,
 * `--org-radius`, `--org-font`, `--org-spacing`.
 * Light and dark palettes via CSS `light-dark()`: the element follows the page's color scheme
 * (`prefers-color-scheme`, or a `color-scheme` set by the host page); force one with the
 * `theme="dark"` or `theme="light"` attribute, or `color-scheme` on the element.
 */
import { css } from 'lit';

export const sharedStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    accent-color: var(--_p);
    --_p: var(--org-color-primary, light-dark(#5d34f2, #a08cff));
    --_on-p: var(--org-color-on-primary, light-dark(#fff, #14102b));
    --_bg: var(--org-color-surface, light-dark(#fff, #17181c));
    --_fg: var(--org-color-text, light-dark(#1f2328, #e8e9ed));
    --_mu: var(--org-color-muted, light-dark(#5c636e, #a3a8b3));
    --_bd: var(--org-color-border, light-dark(#d0d7de, #3d414a));
    --_dn: var(--org-color-danger, light-dark(#c21f2c, #ff8b85));
    --_ok: var(--org-color-success, light-dark(#17743a, #6ad58b));
    --_tint: light-dark(#0000000a, #ffffff14);
    --_r: var(--org-radius, 8px);
    --_s: var(--org-spacing, 8px);
    font: var(--org-font, 14px/1.5 system-ui, sans-serif);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    padding: calc(var(--_s) * 2);
    box-sizing: border-box;
    /* Japanese wraps between phrases, not inside words. */
    word-break: auto-phrase;
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  ::before,
  ::after {
    box-sizing: border-box;
  }
  h2,
  h3 {
    margin: 0 0 var(--_s);
    font-size: 1.15em;
    line-height: 1.3;
  }
  h3 {
    font-size: 1em;
  }
  p {
    margin: 0 0 var(--_s);
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-block-size: 32px;
    padding: 4px 12px;
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    background: var(--_bg);
    cursor: pointer;
    white-space: nowrap;
  }
  button:not(.primary):hover:not(:disabled) {
    background: var(--_tint);
  }
  button.primary {
    background: var(--_p);
    border-color: var(--_p);
    color: var(--_on-p);
  }
  button.primary:hover:not(:disabled) {
    filter: brightness(1.1);
  }
  button.danger {
    color: var(--_dn);
    border-color: currentColor;
  }
  button.primary.danger {
    background: var(--_dn);
    border-color: var(--_dn);
    color: var(--_bg);
  }
  button.link {
    border-color: transparent;
    background: none;
    color: var(--_p);
    padding-inline: 6px;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_p);
    outline-offset: 2px;
  }
  input,
  select,
  textarea {
    min-block-size: 32px;
    padding: 4px 8px;
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    background: var(--_bg);
    max-inline-size: 100%;
  }
  textarea {
    inline-size: 100%;
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_dn);
  }
  label {
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-block-end: calc(var(--_s) * 1.5);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s);
  }
  .grow {
    flex: 1 1 12em;
  }
  .muted {
    color: var(--_mu);
    font-size: 0.9em;
  }
  /* The role="status" line of results; empty, it takes no room. */
  .status {
    margin: var(--_s) 0 0;
    color: var(--_ok);
  }
  .status:empty {
    margin: 0;
  }
  .err {
    color: var(--_dn);
  }
  .badge {
    display: inline-block;
    padding: 0 8px;
    border: 1px solid var(--_bd);
    border-radius: 999px;
    font-size: 0.85em;
    line-height: 1.6;
    white-space: nowrap;
  }
  .badge:is(.accent, .good, .bad) {
    border-color: currentColor;
  }
  .badge.accent {
    color: var(--_p);
  }
  .badge.good {
    color: var(--_ok);
  }
  .badge.bad {
    color: var(--_dn);
  }
  ul.list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  ul.list > li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_s);
    padding-block: var(--_s);
    border-block-end: 1px solid var(--_bd);
  }
  ul.list > li:last-child {
    border-block-end: 0;
  }
  table {
    inline-size: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 6px;
    border-block-end: 1px solid var(--_bd);
    vertical-align: middle;
  }
  th {
    font-weight: 600;
    color: var(--_mu);
    font-size: 0.9em;
  }
  dialog {
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    padding: calc(var(--_s) * 2);
    inline-size: min(28rem, calc(100vw - 2rem));
  }
  dialog::backdrop {
    background: #0008;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--_s);
    margin-block-start: calc(var(--_s) * 2);
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .avatar {
    position: relative;
    display: inline-grid;
    place-items: center;
    flex: none;
    inline-size: 36px;
    block-size: 36px;
    border-radius: 50%;
    overflow: hidden;
    background: var(--_tint);
    border: 1px solid var(--_bd);
    font-size: 0.85em;
    font-weight: 600;
  }
  .avatar.square {
    border-radius: calc(var(--_r) / 2);
  }
  .avatar img {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    object-fit: cover;
    background: var(--_bg);
  }
  .skeleton {
    block-size: 1.25em;
    margin-block: calc(var(--_s) * 1.25);
    border-radius: var(--_r);
    background: var(--_tint);
  }
  .skeleton:nth-child(3n + 2) {
    inline-size: 70%;
  }
  .center {
    padding: calc(var(--_s) * 2);
    text-align: center;
  }
  @media (forced-colors: active) {
    :host,
    button,
    .badge,
    dialog {
      border: 1px solid CanvasText;
    }
    button.primary {
      forced-color-adjust: none;
      background: Highlight;
      color: HighlightText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
