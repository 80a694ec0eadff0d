/**
 * Localization without a global singleton a host page might also use.
 *
 * Language rule: the closest `lang` attribute of the element (walking out of shadow roots to their
 * hosts), else `<html lang>`, else `en`. A translation is picked by the full tag (`ja-JP`), then its
 * primary subtag (`ja`); any missing key falls back to English. Elements re-render when a `lang`
 * attribute anywhere in the document's light DOM changes, and when `registerTranslation()` is called.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TranslationKey } from './i18n/en.js';
import { strings as shared, type StringTable } from './i18n/strings.js';

export type { Translation, TranslationKey } from './i18n/en.js';

type Strings = Partial<Record<string, string>>;
type Params = Record<string, string | number>;
/** Keys that have plural forms (`<base>_other`), named by their base. */
export type PluralKey = TranslationKey extends infer K
  ? K extends `${infer B}_other`
    ? B
    : never
  : never;

const table = new Map<string, Strings>();

/**
 * Adds built-in strings (`'key': [en, ja]`); each element adds its own table when it loads.
 * Strings a host registered for the same keys keep precedence.
 */
export function addStrings(rows: StringTable) {
  (['en', 'ja'] as const).forEach((tag, index) => {
    const builtIn = Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, row[index]]));
    table.set(tag, { ...builtIn, ...table.get(tag) });
  });
}
addStrings(shared);
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

const refresh = () => hosts.forEach((host) => host.requestUpdate());

/**
 * Adds or extends a language (e.g. `registerTranslation('fr', { 'members.title': 'Membres' })`).
 * Keys merge into what is already registered for that tag; connected elements re-render.
 */
export function registerTranslation(
  lang: string,
  strings: Partial<Record<TranslationKey, string>>,
) {
  const tag = lang.toLowerCase();
  table.set(tag, { ...table.get(tag), ...strings });
  refresh();
}

/**
 * Labels for organization roles by role name, per language (e.g.
 * `registerRoleLabels('en', { billing: 'Billing manager' })`). The built-in `admin` and `member`
 * roles have English and Japanese labels; other roles show their Logto description, else their
 * name.
 */
export function registerRoleLabels(lang: string, labels: Record<string, string>) {
  const strings = Object.entries(labels).map(([name, label]) => [`role.${name}`, label]);
  registerTranslation(lang, Object.fromEntries(strings) as Record<TranslationKey, string>);
}

/** The language of `el` by the rule above. */
export function resolveLang(el: Element): string {
  let node: Element | null = el;
  while (node) {
    const found = node.closest('[lang]');
    const lang = found?.getAttribute('lang');
    if (lang) return lang;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang || 'en';
}

/** Looks up `key` for `lang` (full tag, primary subtag, English). */
function lookup(lang: string, key: string): string | undefined {
  const tag = lang.toLowerCase();
  return table.get(tag)?.[key] ?? table.get(tag.split('-')[0]!)?.[key] ?? table.get('en')![key];
}

/**
 * A Lit reactive controller that follows the host's language and offers
 * translation, plurals, numbers, dates and relative times in it.
 */
export class Localizer implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  /** The language, resolved once per update (a render asks for it once per string). */
  #lang: string | undefined;

  constructor(host: ReactiveControllerHost & Element) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.#host);
    if (!observer) {
      observer = new MutationObserver(refresh);
      observer.observe(document.documentElement, {
        attributes: true,
        attributeFilter: ['lang'],
        subtree: true,
      });
    }
  }

  hostDisconnected(): void {
    hosts.delete(this.#host);
  }

  hostUpdate(): void {
    this.#lang = resolveLang(this.#host);
  }

  hostUpdated(): void {
    this.#lang = undefined;
  }

  /** The host's current language (outside an update resolved on each use: never stale). */
  get lang(): string {
    return this.#lang ?? resolveLang(this.#host);
  }

  /** Translates `key`, replacing `{name}` placeholders (numbers are formatted). */
  t(key: TranslationKey, params?: Params): string {
    return this.#format(lookup(this.lang, key) ?? key, params);
  }

  /** Picks the plural form of `base` for `count` and interpolates `{count}` and `params`. */
  plural(base: PluralKey, count: number, params?: Params): string {
    const lang = this.lang;
    // English and Japanese plurals without Intl.PluralRules, whose first use costs locale data.
    const category = /^ja\b/i.test(lang)
      ? 'other'
      : /^en\b/i.test(lang)
        ? count === 1
          ? 'one'
          : 'other'
        : new Intl.PluralRules(lang).select(count);
    const text = lookup(lang, `${base}_${category}`) ?? lookup(lang, `${base}_other`);
    return this.#format(text ?? base, { count, ...params });
  }

  /** The label of a role: registered or built-in, else its description, else its name. */
  role(role: { name: string; description?: string | null }): string {
    return lookup(this.lang, `role.${role.name}`) ?? (role.description || role.name);
  }

  /** The localized message for an error code, or the generic one. */
  error(code: string): string {
    return lookup(this.lang, `error.${code}`) ?? this.t('error.generic');
  }

  number(value: number): string {
    const lang = this.lang;
    // English and Japanese group whole numbers the same way; building the first Intl.NumberFormat
    // of a page costs ~20 ms (locale data), so they skip it.
    return Number.isInteger(value) && /^(en|ja)\b/i.test(lang)
      ? String(value).replace(/\B(?=(\d{3})+$)/g, ',')
      : new Intl.NumberFormat(lang).format(value);
  }

  date(epochMs: number, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
    return new Intl.DateTimeFormat(this.lang, options).format(epochMs);
  }

  /** "in 3 days", "2 hours ago", in the host's language. */
  relative(epochMs: number, now = Date.now()): string {
    const diff = epochMs - now;
    const abs = Math.abs(diff);
    const [unit, size]: [Intl.RelativeTimeFormatUnit, number] =
      abs < 3_600_000
        ? ['minute', 60_000]
        : abs < 86_400_000
          ? ['hour', 3_600_000]
          : ['day', 86_400_000];
    return new Intl.RelativeTimeFormat(this.lang, { numeric: 'auto' }).format(
      Math.round(diff / size),
      unit,
    );
  }

  #format(text: string, params?: Params): string {
    return params
      ? text.replace(/\{(\w+)\}/g, (match, name: string) => {
          const value = params[name];
          return value === undefined
            ? match
            : typeof value === 'number'
              ? this.number(value)
              : value;
        })
      : text;
  }
}
