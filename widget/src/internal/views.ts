/**
 * What every element draws the same way: its first moments (the quiet start), loading, a failed
 * load, avatars.
 */
import { TaskStatus, type Task } from '@lit/task';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { OrgApiError } from './api.js';
import type { Localizer } from './localize.js';

/**
 * The first moments of an element: for `QuietStart.ms` (150 ms) after it is connected, while the
 * first answer of any of `tasks` is out, `on` is true and the element draws `quietView` instead of
 * its loading placeholders. Fast answers are then drawn in one go, with no loading frame first: in
 * a fresh page that frame costs a style, layout and paint pass before the answers can be drawn, and
 * it flashes. Slower answers get the placeholders once the time is up.
 */
export class QuietStart {
  /** How long an element draws nothing while its first answer comes. */
  static ms = 150;
  #quiet = true;
  readonly #tasks: () => Task[];
  constructor(host: ReactiveControllerHost, tasks: () => Task[]) {
    this.#tasks = tasks;
    let timer: ReturnType<typeof setTimeout> | undefined;
    host.addController({
      hostConnected: () => {
        if (this.#quiet)
          timer = setTimeout(() => {
            this.#quiet = false;
            host.requestUpdate();
          }, QuietStart.ms);
      },
      hostDisconnected: () => clearTimeout(timer),
    });
  }

  get on(): boolean {
    return this.#quiet && this.#tasks().some((t) => t.status === TaskStatus.PENDING && !t.value);
  }
}

/** What an element draws in its quiet start: nothing to see, busy for assistive technology. */
export const quietView = html`<div aria-busy="true"></div>`;

/** A busy placeholder while the first data loads: `rows` grey lines in the element's frame. */
export const loadingView = (l: Localizer, rows = 3) =>
  html`<div aria-busy="true">
    <span class="sr-only">${l.t('common.loading')}</span>
    ${Array.from({ length: rows }, () => html`<div class="skeleton" aria-hidden="true"></div>`)}
  </div>`;

/** A failed load: the localized reason (never server text) and a retry button. */
export const failureView = (l: Localizer, error: unknown, retry: () => void) => {
  const code = (error as OrgApiError)?.code;
  return html`<div class="center" role="alert">
    <p class="err">${code === 'auth.forbidden' ? l.t('common.noPermission') : l.error(code)}</p>
    <button @click=${retry}>${l.t('common.retry')}</button>
  </div>`;
};

/** Up to two initials of a name or an email ("Ann Lee" → "AL", "bo.x@y.z" → "BX"). */
export const initials = (text: string) =>
  text
    .split(/[\s@._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => [...part][0]!.toUpperCase())
    .join('');

/** Image URLs that failed to load on this page: drawn as initials from then on. */
const broken = new Set<string>();

/** `url` when it is an absolute http(s) URL, else `undefined` (no `data:`, `javascript:`…). */
export function safeImageUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const { protocol } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && !broken.has(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Just the logo at `url` (nothing when it is not a safe URL or failed to load). */
export const logoView = (url?: string | null) => {
  const src = safeImageUrl(url);
  return src ? imageView(src, 'logo') : nothing;
};

const imageView = (src: string, cls = '') =>
  html`<img
    class=${cls}
    src=${src}
    alt=""
    referrerpolicy="no-referrer"
    @error=${(e: Event) => {
      broken.add(src);
      (e.target as HTMLElement).hidden = true;
    }}
  />`;

/**
 * A round avatar (or a rounded square with `square`, for organization logos): the initials of
 * `name`, covered by the image at `url` when it is a safe URL that loads.
 */
export const avatarView = (name: string, url?: string | null, square = false) => {
  const src = safeImageUrl(url);
  return html`<span class="avatar ${square ? 'square' : ''}" aria-hidden="true"
    >${initials(name)}${src ? imageView(src) : nothing}</span
  >`;
};
