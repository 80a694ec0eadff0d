import { css } from 'lit';

export const styles = css`
  form[part='form'] .row {
    align-items: flex-start;
  }
  form[part='form'] .row .field {
    flex: 1 1 10rem;
  }
  .results,
  .pending {
    margin-block-start: calc(var(--_s) * 2);
  }
  .email {
    overflow-wrap: anywhere;
  }
  input.link {
    flex: 1 1 14rem;
    font-size: 0.9em;
    color: var(--_mu);
  }
  .scroll {
    overflow-x: auto;
  }
  .end {
    justify-content: flex-end;
  }
  .status {
    margin: var(--_s) 0 0;
  }
  .status:empty {
    margin: 0;
  }
`;
