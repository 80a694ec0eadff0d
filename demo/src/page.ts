/**
 * The demo page's own chrome (not part of the integration): the language switch (sets `lang` on
 * <html>, which the elements follow), the theme switch (light / dark / auto: sets the elements'
 * `theme` attribute and the page's palette), and the page's few strings in English and Japanese.
 */
const strings = {
  en: {
    tagline: 'Organization management demo',
    'hero.title': 'Your team, in one place',
    'hero.body':
      'Create an organization, invite teammates by email, and manage who can do what. Everything here runs locally: the sign-in page lists the demo accounts.',
    'hero.signIn': 'Sign in',
    signOut: 'Sign out',
    'nav.language': 'Language',
    'nav.theme': 'Theme',
    'theme.light': 'Light',
    'theme.dark': 'Dark',
    'theme.auto': 'Auto',
    'start.title': 'Welcome',
    'start.body': 'Pick an organization from the switcher at the top, or create a new one.',
    'org.members': 'Members',
    'org.invite': 'Invite people',
    'outbox.title': 'No email set up?',
    'outbox.body': 'The local Logto emulator catches every invitation email.',
    'outbox.link': 'Open the email outbox',
    'invite.back': 'Back to the app',
    'invite.open': 'Open the organization',
    footer: 'Demo of logto-org-widget. Data lives in the local emulator.',
    footerLogto: 'Demo of logto-org-widget, connected to your Logto tenant.',
  },
  ja: {
    tagline: '組織管理デモ',
    'hero.title': 'チームをひとつの場所に',
    'hero.body':
      '組織を作成し、メールでメンバーを招待し、誰が何をできるかを管理します。すべてローカルで動作します。サインイン画面にデモ用アカウントが表示されます。',
    'hero.signIn': 'サインイン',
    signOut: 'サインアウト',
    'nav.language': '言語',
    'nav.theme': 'テーマ',
    'theme.light': 'ライト',
    'theme.dark': 'ダーク',
    'theme.auto': '自動',
    'start.title': 'ようこそ',
    'start.body': '上部の切り替えメニューから組織を選択するか、新しい組織を作成してください。',
    'org.members': 'メンバー',
    'org.invite': 'メンバーを招待',
    'outbox.title': 'メールが未設定ですか？',
    'outbox.body': 'ローカルの Logto エミュレーターがすべての招待メールを受け取ります。',
    'outbox.link': 'メール送信箱を開く',
    'invite.back': 'アプリに戻る',
    'invite.open': '組織を開く',
    footer: 'logto-org-widget のデモです。データはローカルのエミュレーターに保存されます。',
    footerLogto: 'logto-org-widget のデモです。お使いの Logto テナントに接続しています。',
  },
} as const;

/** Fills the header's user chip from the ID token claims. */
export function showUser(user: {
  name?: string | null;
  username?: string | null;
  email?: string | null;
}) {
  const name = user.name || user.username || user.email || '';
  document.querySelector('#user-name')!.textContent = name;
  document.querySelector('#user-email')!.textContent = user.email ?? '';
  document.querySelector('#user-initials')!.textContent = name
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

type Lang = keyof typeof strings;
type Theme = 'light' | 'dark' | 'auto';
const root = document.documentElement;

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function setLang(lang: Lang) {
  root.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) {
    el.textContent = strings[lang][el.dataset.t as keyof (typeof strings)['en']] ?? el.textContent;
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-t-label]')) {
    el.setAttribute('aria-label', strings[lang][el.dataset.tLabel as keyof (typeof strings)['en']]);
  }
  syncPressed('lang', lang);
  store('demo:lang', lang);
}

/** Light or dark for the page and every element; `auto` follows the system. */
export function setTheme(theme: Theme) {
  root.dataset.theme = theme;
  for (const el of document.querySelectorAll(
    'org-switcher, org-create, org-members, org-invite, org-profile, org-invitation',
  )) {
    if (theme === 'auto') el.removeAttribute('theme');
    else el.setAttribute('theme', theme);
  }
  syncPressed('theme', theme);
  store('demo:theme', theme);
}

function syncPressed(group: string, value: string) {
  for (const button of document.querySelectorAll<HTMLButtonElement>(`button[data-${group}]`)) {
    button.setAttribute('aria-pressed', String(button.dataset[group] === value));
  }
}

document.addEventListener('click', (e) => {
  const button = (e.target as Element).closest<HTMLButtonElement>(
    'button[data-lang], button[data-theme]',
  );
  if (button?.dataset.lang) setLang(button.dataset.lang as Lang);
  if (button?.dataset.theme) setTheme(button.dataset.theme as Theme);
});

const outbox = import.meta.env.VITE_OUTBOX_URL;
// The outbox exists only with the bundled emulator: against a real Logto, say so in the footer.
if (!outbox)
  document.querySelector('footer[data-t="footer"]')?.setAttribute('data-t', 'footerLogto');
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-outbox]')) {
  if (outbox) link.href = outbox;
  else link.closest<HTMLElement>('[data-outbox-card]')?.remove();
}

const wanted = stored('demo:lang') ?? (navigator.language.startsWith('ja') ? 'ja' : 'en');
setLang(wanted in strings ? (wanted as Lang) : 'en');
setTheme(
  (['light', 'dark', 'auto'].includes(stored('demo:theme') ?? '')
    ? stored('demo:theme')
    : 'auto') as Theme,
);
