// The demo's host code: sign the user in, point the elements at the current organization.
import { logto, signIn, signOut } from './auth.js';
import { showUser } from './page.js'; // the demo's own chrome: user chip, language, theme

const switcher = document.querySelector('org-switcher')!;
const members = document.querySelector('org-members')!;
const invite = document.querySelector('org-invite')!;

/** Shows one organization (kept in the URL, so a reload or a shared link opens it again). */
function show(organizationId: string) {
  switcher.organizationId = members.organizationId = invite.organizationId = organizationId;
  document.body.dataset.organization = organizationId ? 'chosen' : 'none';
  const query = organizationId ? `?org=${encodeURIComponent(organizationId)}` : '';
  history.replaceState(null, '', `/${query}`);
}

document.querySelector('#sign-in')!.addEventListener('click', () => signIn());
document.querySelector('#sign-out')!.addEventListener('click', () => signOut());
document.addEventListener('org-selected', (e) => show(e.detail.organizationId));
document.addEventListener('org-created', () => switcher.refresh());
document.addEventListener('org-left', () => {
  show('');
  void switcher.refresh();
});

if (await logto.isAuthenticated()) {
  showUser(await logto.getIdTokenClaims());
  show(new URLSearchParams(location.search).get('org') ?? '');
  document.body.dataset.state = 'signed-in';
} else {
  document.body.dataset.state = 'signed-out';
}
