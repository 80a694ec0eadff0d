// The invitation link opens this page: show the invitation, sign in if needed, accept.
import { logto, signIn, signOut } from './auth.js';
import { showUser } from './page.js';

const invitation = document.querySelector('org-invitation')!;
const openOrg = document.querySelector<HTMLAnchorElement>('#open-org')!;
invitation.invitationId = new URLSearchParams(location.search).get('id') ?? '';
invitation.signIn = ({ reason }) => signIn({ switchAccount: reason === 'wrong-user' });

invitation.addEventListener('org-invitation-accepted', (e) => {
  openOrg.href = `/?org=${encodeURIComponent(e.detail.organization.id)}`;
  openOrg.hidden = false;
});
document.querySelector('#sign-out')!.addEventListener('click', () => signOut());

if (await logto.isAuthenticated()) {
  const user = await logto.getIdTokenClaims();
  showUser(user);
  invitation.userEmail = user.email ?? '';
  document.body.dataset.state = 'signed-in';
} else {
  invitation.signedOut = true;
  document.body.dataset.state = 'signed-out';
}
