import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    border: 0;
    padding: 0;
    background: none;
    max-inline-size: 100%;
  }
  #trigger {
    gap: var(--_s);
    min-inline-size: min(14rem, 100%);
    max-inline-size: min(100%, 24rem);
  }
  .logo {
    flex: none;
    inline-size: 22px;
    block-size: 22px;
    border-radius: 4px;
    object-fit: cover;
  }
  .current {
    flex: 1;
    min-inline-size: 0;
    text-align: start;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  [part='invitations'] {
    border-block-start: 1px solid var(--_bd);
    margin-block-start: 4px;
    padding: 6px 8px 0;
  }
  [part='invitations'] h3 {
    margin: 0;
    font-size: 0.85em;
  }
  [part='invitations'] li {
    flex-wrap: nowrap;
    align-items: flex-start;
  }
  [part='invitations'] .who {
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  [part='invitations'] .name {
    display: block;
    white-space: normal;
  }
  [part='invitations'] .row {
    flex-wrap: nowrap;
    gap: 4px;
  }
  [part='invitations'] .row button {
    padding-inline: 8px;
  }
  .status {
    max-inline-size: 24rem;
    overflow-wrap: anywhere;
  }
  .chevron {
    flex: none;
    inline-size: 0.5em;
    block-size: 0.5em;
    border-inline-end: 2px solid currentColor;
    border-block-end: 2px solid currentColor;
    transform: translateY(-25%) rotate(45deg);
  }
  [aria-expanded='true'] .chevron {
    transform: translateY(25%) rotate(-135deg);
  }
  .popup {
    position: absolute;
    z-index: 10;
    inset-block-start: calc(100% + 4px);
    inset-inline-start: 0;
    inline-size: max-content;
    min-inline-size: max(100%, 16rem);
    max-inline-size: min(26rem, calc(100vw - 1rem));
    padding: 4px;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_bd);
    border-radius: var(--_r);
    box-shadow: 0 8px 24px #0003;
  }
  .popup:focus {
    outline: none;
  }
  [role='listbox'] {
    list-style: none;
    margin: 0;
    padding: 0;
    max-block-size: 18rem;
    overflow-y: auto;
    border-radius: var(--_r);
  }
  [role='option'] {
    display: grid;
    grid-template-columns: 1.25em 1fr;
    column-gap: 4px;
    padding: 6px 8px;
    border-radius: calc(var(--_r) - 2px);
    cursor: pointer;
  }
  [role='option'].active {
    background: var(--_tint);
    outline: 1px solid var(--_bd);
  }
  [role='listbox']:focus-visible [role='option'].active {
    outline: 2px solid var(--_p);
    outline-offset: -2px;
  }
  [role='listbox']:focus-visible {
    outline: none;
  }
  [aria-selected='true'] {
    font-weight: 600;
  }
  .check {
    color: var(--_p);
    grid-row: span 2;
  }
  .roles {
    font-weight: 400;
  }
  .name,
  .roles {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .create {
    inline-size: 100%;
    margin-block-start: 4px;
    border-block-start-color: var(--_bd);
    border-radius: 0 0 var(--_r) var(--_r);
  }
  .empty {
    padding: 4px 0;
  }
  dialog {
    position: fixed;
    padding: 0;
  }
  dialog org-create {
    border: 0;
  }
  .close {
    position: absolute;
    inset-block-start: 8px;
    inset-inline-end: 8px;
    font-size: 1.25em;
  }
  @media (forced-colors: active) {
    [role='option'].active {
      outline: 2px solid Highlight;
    }
    .chevron {
      border-color: CanvasText;
    }
  }
`;
