// The sign-in redirect lands here: finish the sign-in, then go back to where it started.
import { logto } from './auth.js';

// A reload of this page (or the back button) finds the sign-in already finished: just move on.
if (await logto.isSignInRedirected(location.href)) {
  await logto.handleSignInCallback(location.href);
}
const back = sessionStorage.getItem('demo:return-to');
sessionStorage.removeItem('demo:return-to');
location.replace(back && new URL(back).origin === location.origin ? back : '/');
