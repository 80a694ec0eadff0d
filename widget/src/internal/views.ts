/** Small templates every element draws the same way: loading, a failed load with a retry. */
import { html } from 'lit';
import type { OrgApiError } from './api.js';
import type { Localizer } from './localize.js';

/** A busy placeholder while the first data loads. */
export const loadingView = (l: Localizer) =>
  html`<p class="center muted" aria-busy="true">${l.t('common.loading')}</p>`;

/** A failed load: the localized reason (never server text) and a retry button. */
export const failureView = (l: Localizer, error: unknown, retry: () => void) => {
  const code = (error as OrgApiError)?.code;
  return html`<div class="center" role="alert">
    <p class="err">${code === 'auth.forbidden' ? l.t('common.noPermission') : l.error(code)}</p>
    <button @click=${retry}>${l.t('common.retry')}</button>
  </div>`;
};
