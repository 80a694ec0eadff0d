import { css } from 'lit';

export const styles = css`
  .title {
    display: flex;
    align-items: center;
    gap: var(--_s);
    margin-block-end: var(--_s);
  }
  .title h2 {
    margin: 0;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .card > :last-child {
    margin-block-end: 0;
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 4px var(--_s);
    align-items: center;
    margin: 0 0 var(--_s);
  }
  dl:empty {
    display: none;
  }
  dt {
    font-weight: 600;
  }
  dd {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
  }
  .notice {
    padding: var(--_s) calc(var(--_s) * 1.5);
    border-inline-start: 3px solid var(--_mu);
    background: var(--_tint);
    border-radius: var(--_r);
  }
  .actions {
    justify-content: flex-start;
  }
`;
