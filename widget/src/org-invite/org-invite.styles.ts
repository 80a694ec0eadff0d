import { css } from 'lit';

export const styles = css`
  :host {
    container-type: inline-size;
  }
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
  /* Narrow containers: each invitation becomes a small card (email, details, actions). */
  @container (max-width: 36rem) {
    table,
    tbody {
      display: block;
    }
    thead {
      display: none;
    }
    tr {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px var(--_s);
      padding-block: var(--_s);
      border-block-end: 1px solid var(--_bd);
    }
    td {
      border: 0;
      padding: 0;
    }
    td.email,
    td:last-child {
      flex-basis: 100%;
    }
    td:last-child .row {
      justify-content: flex-start;
    }
  }
  .end {
    justify-content: flex-end;
  }
`;
