/**
 * The emulator's own HTML pages: the sign-in form (with the demo users as one-click hints), the
 * sign-out hand-off and the error page. Plain HTML with inline CSS, no script except the tiny
 * auto-submit of the sign-out form, all guarded by a per-response nonce.
 */
import { randomBytes } from 'node:crypto';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/** A strict CSP for the emulator's pages: inline style and script only with the page's nonce. */
export function pageCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "form-action 'self' http: https:",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const styles = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f4f5f7; color: #1b1d21; }
  main { width: min(420px, 92vw); background: #fff; border-radius: 12px; padding: 32px 28px;
    box-shadow: 0 1px 3px rgba(0,0,0,.08), 0 8px 24px rgba(0,0,0,.06); }
  h1 { font-size: 1.35rem; margin: 0 0 4px; }
  p.sub { margin: 0 0 20px; color: #5b6170; font-size: .92rem; }
  label { display: block; font-size: .85rem; font-weight: 600; margin: 14px 0 6px; }
  input { width: 100%; padding: 10px 12px; border: 1px solid #c9ccd3; border-radius: 8px; font-size: 1rem; }
  input:focus { outline: 2px solid #5d34f2; outline-offset: 1px; border-color: #5d34f2; }
  button { font: inherit; cursor: pointer; border-radius: 8px; }
  button.primary { width: 100%; margin-top: 20px; padding: 11px; border: 0; background: #5d34f2; color: #fff; font-weight: 600; }
  button.primary:hover { background: #4a25d6; }
  button:focus-visible { outline: 2px solid #1b1d21; outline-offset: 2px; }
  .error { margin: 0 0 12px; padding: 10px 12px; border-radius: 8px; background: #fdecec; color: #a1121b; font-size: .9rem; }
  h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: #5b6170; margin: 28px 0 10px; }
  ul.hints { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
  ul.hints button { width: 100%; text-align: left; padding: 10px 12px; border: 1px solid #dfe1e6; background: #fafbfc; }
  ul.hints button:hover { border-color: #5d34f2; }
  ul.hints .who { font-weight: 600; }
  ul.hints .meta { display: block; color: #5b6170; font-size: .82rem; margin-top: 2px; }
  .foot { margin-top: 22px; font-size: .8rem; color: #7a8090; text-align: center; }
  .cancel { background: none; border: 0; color: #5b6170; text-decoration: underline; padding: 4px; }
  a { color: #5d34f2; }
  .field-hint { margin: 4px 0 0; color: #5b6170; font-size: .8rem; }
`;

function layout(title: string, nonce: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${styles}</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>`;
}

export interface SignInPageInput {
  nonce: string;
  /** Where the form posts (`…/interaction/<uid>/login`). */
  action: string;
  /** Where the cancel button posts (`…/interaction/<uid>/abort`). */
  abortAction: string;
  appName: string;
  username?: string;
  error?: string;
  hints: Array<{ username: string; name: string | null; password: string }>;
  /** The "Create account" page (`…/interaction/<uid>/register`), when registration is on. */
  registerUrl?: string;
}

export function signInPage(input: SignInPageInput): string {
  const error = input.error
    ? `<p class="error" role="alert" id="sign-in-error">${escapeHtml(input.error)}</p>`
    : '';
  const hints = input.hints.length
    ? `<h2 id="hints-title">Demo users</h2>
<ul class="hints" aria-labelledby="hints-title">
${input.hints
  .map(
    (h) => `<li><form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="username" value="${escapeHtml(h.username)}">
<input type="hidden" name="password" value="${escapeHtml(h.password)}">
<button type="submit" data-username="${escapeHtml(h.username)}">
<span class="who">Continue as ${escapeHtml(h.name ?? h.username)}</span>
<span class="meta">username ${escapeHtml(h.username)} · password ${escapeHtml(h.password)}</span>
</button></form></li>`,
  )
  .join('\n')}
</ul>`
    : '';
  // After a failed attempt the username is kept, so the password field gets the focus.
  const focusPassword = Boolean(input.error && input.username);
  const invalid = input.error ? ' aria-describedby="sign-in-error" aria-invalid="true"' : '';
  const body = `<h1>Sign in</h1>
<p class="sub">to continue to <strong>${escapeHtml(input.appName)}</strong></p>
${error}
<form method="post" action="${escapeHtml(input.action)}" id="sign-in-form">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
  required${focusPassword ? '' : ' autofocus'} value="${escapeHtml(input.username ?? '')}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${focusPassword ? ' autofocus' : ''}${invalid}>
<button class="primary" type="submit">Sign in</button>
</form>
${input.registerUrl ? `<p class="foot"><a href="${escapeHtml(input.registerUrl)}" id="create-account">Create account</a></p>` : ''}
${hints}
<form method="post" action="${escapeHtml(input.abortAction)}" class="foot">
<button type="submit" class="cancel">Cancel and go back</button>
</form>
<p class="foot">Local Logto emulator · not a real identity provider</p>`;
  return layout('Sign in', input.nonce, body);
}

export type RegisterField = 'username' | 'email' | 'password';

export interface RegisterPageInput {
  nonce: string;
  /** Where the form posts (`…/interaction/<uid>/register`). */
  action: string;
  /** Back to the sign-in form (`…/interaction/<uid>`). */
  signInUrl: string;
  appName: string;
  username?: string;
  email?: string;
  error?: { field: RegisterField; message: string };
}

/** The "Create account" form: username, email, password. */
export function registerPage(input: RegisterPageInput): string {
  const { error } = input;
  const invalid = (field: RegisterField): string =>
    error?.field === field ? ' aria-invalid="true" aria-describedby="register-error"' : '';
  const focus = (field: RegisterField): string =>
    (error ? error.field === field : field === 'username') ? ' autofocus' : '';
  const body = `<h1>Create account</h1>
<p class="sub">to continue to <strong>${escapeHtml(input.appName)}</strong></p>
${error ? `<p class="error" role="alert" id="register-error">${escapeHtml(error.message)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}" id="register-form">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false"
  required${focus('username')} value="${escapeHtml(input.username ?? '')}"${invalid('username')}>
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required${focus('email')}
  value="${escapeHtml(input.email ?? '')}"${invalid('email')}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required${focus('password')}${
    error?.field === 'password'
      ? ' aria-invalid="true" aria-describedby="register-error password-hint"'
      : ' aria-describedby="password-hint"'
  }>
<p class="field-hint" id="password-hint">At least 8 characters.</p>
<button class="primary" type="submit">Create account</button>
</form>
<p class="foot"><a href="${escapeHtml(input.signInUrl)}">I already have an account</a></p>
<p class="foot">Local Logto emulator · not a real identity provider</p>`;
  return layout('Create account', input.nonce, body);
}

/** The sign-out hand-off page oidc-provider asks for: a form that submits itself. */
export function signOutPage(nonce: string, form: string): string {
  const body = `<h1>Signing out…</h1>
<p class="sub">If nothing happens, press the button.</p>
${form}
<button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<noscript><p class="sub">JavaScript is off: press the button to finish.</p></noscript>`;
  const script = `var b=document.querySelector('button[name=logout]');if(b){b.click();}`;
  return layout('Signing out', nonce, body, script);
}

/** Shown after a sign-out that has no post-logout redirect URI. */
export function signedOutPage(nonce: string): string {
  const body = `<h1>Signed out</h1>
<p class="sub">You are signed out of the local Logto emulator. You can close this page.</p>`;
  return layout('Signed out', nonce, body);
}

export function errorPage(nonce: string, error: string, description: string | undefined): string {
  const body = `<h1>Something went wrong</h1>
<p class="error" role="alert"><strong>${escapeHtml(error)}</strong>${description ? `: ${escapeHtml(description)}` : ''}</p>
<p class="foot">Local Logto emulator</p>`;
  return layout('Error', nonce, body);
}
