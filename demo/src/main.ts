// The demo's host code: sign the user in, point the elements at the current organization.
import { logto, signIn, signOut } from './auth.js';
import { showUser } from './page.js'; // the demo's own chrome: user chip, language, theme

const switcher = document.querySelector('org-switcher')!;
const members = document.querySelector('org-members')!;
const invite = document.querySelector('org-invite')!;
const profile = document.querySelector('org-profile')!;

/** Shows one organization (kept in the URL, so a reload or a shared link opens it again). */
function show(organizationId: string) {
  switcher.organizationId = organizationId;
  members.organizationId = invite.organizationId = profile.organizationId = organizationId;
  document.body.dataset.organization = organizationId ? 'chosen' : 'none';
  const query = organizationId ? `?org=${encodeURIComponent(organizationId)}` : '';
  history.replaceState(null, '', `/${query}`);
}

/** Back to "pick or create an organization" (left, deleted, or removed by an admin). */
function showNone() {
  show('');
  void switcher.refresh();
}

document.querySelector('#sign-in')!.addEventListener('click', () => signIn());
document.querySelector('#sign-out')!.addEventListener('click', () => signOut());
document.addEventListener('org-selected', (e) => show(e.detail.organizationId));
document.addEventListener('org-created', () => switcher.refresh());
document.addEventListener('org-updated', () => switcher.refresh()); // the new name in the switcher
document.addEventListener('org-left', showNone);
document.addEventListener('org-deleted', showNone);
// The switcher confirms a loss other elements report, says so, and fires the event itself.
document.addEventListener('org-membership-lost', (e) => {
  if (e.target === switcher) show('');
});

if (await logto.isAuthenticated()) {
  showUser(await logto.getIdTokenClaims());
  show(new URLSearchParams(location.search).get('org') ?? '');
  document.body.dataset.state = 'signed-in';
} else {
  document.body.dataset.state = 'signed-out';
}
