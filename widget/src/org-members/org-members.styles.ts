import { css } from 'lit';

export const styles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_s);
    margin-block-end: var(--_s);
  }
  .head h2 {
    margin: 0;
  }
  .head form {
    flex: 1 1 18rem;
    max-inline-size: 28rem;
  }
  .head select {
    max-inline-size: 12rem;
  }
  .count {
    margin: 0;
  }
  /* Rows out of view skip layout and paint until scrolled to (long pages of members). */
  li[part='member'] {
    content-visibility: auto;
    contain-intrinsic-size: auto 53px;
  }
  /* As wide as the name and email need (others wrap below), breaking only when the row is narrower. */
  .who {
    flex-basis: auto;
    min-inline-size: 10rem;
    max-inline-size: calc(100% - 44px); /* beside the avatar */
    overflow-wrap: anywhere;
  }
  .who strong {
    margin-inline-end: 6px;
  }
  li > .row {
    margin-inline-start: auto;
  }
  .roles {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .pager {
    justify-content: center;
    margin-block-start: var(--_s);
  }
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
  }
  .pick {
    display: flex;
    gap: var(--_s);
    align-items: flex-start;
    padding-block: 6px;
  }
  .pick label {
    font-weight: 400;
  }
  .pick :disabled + span {
    color: var(--_mu);
  }
  .pick input {
    min-block-size: auto;
    margin-block-start: 4px;
  }
  .pick > span {
    display: flex;
    flex-direction: column;
  }
`;
