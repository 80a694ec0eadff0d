import { css } from 'lit';

/** A small busy indicator, shared with the other elements that show one. */
export const spinnerStyles = css`
  .spinner {
    display: inline-block;
    inline-size: 1em;
    block-size: 1em;
    border: 2px solid currentColor;
    border-inline-end-color: transparent;
    border-radius: 50%;
    animation: org-spin 0.8s linear infinite;
  }
  @keyframes org-spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation-duration: 2.4s;
    }
  }
`;

export const styles = css`
  input {
    inline-size: 100%;
  }
  .actions {
    margin-block-start: 0;
  }
`;
