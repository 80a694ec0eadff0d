import { css } from 'lit';

export const styles = css`
  .head {
    align-items: flex-start;
    margin-block-end: calc(var(--_s) * 2);
  }
  .head .avatar {
    inline-size: 48px;
    block-size: 48px;
    font-size: 1.1em;
  }
  .who {
    min-inline-size: 0;
    overflow-wrap: anywhere;
  }
  .who h2 {
    margin-block-end: 2px;
  }
  .who p {
    margin: 0;
    white-space: pre-line;
  }
  section,
  form[part='form'] {
    border-block-start: 1px solid var(--_bd);
    padding-block-start: calc(var(--_s) * 2);
    margin-block-start: calc(var(--_s) * 2);
  }
  input:not([type='checkbox']) {
    inline-size: 100%;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    list-style: none;
    margin: 0 0 var(--_s);
    padding: 0;
  }
  .chips .badge {
    display: inline-flex;
    align-items: center;
    overflow-wrap: anywhere;
    white-space: normal;
  }
  .chips button {
    min-block-size: 24px;
    padding: 0 4px;
  }
  fieldset {
    border: 0;
    margin: var(--_s) 0 0;
    padding: 0;
  }
  legend {
    font-weight: 600;
    margin-block-end: 4px;
    padding: 0;
  }
  .pick {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    font-weight: 400;
  }
  .danger-zone h3 {
    color: var(--_dn);
  }
`;
