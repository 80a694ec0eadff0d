import { mount } from 'svelte';
import { logto } from './auth.js';
import App from './App.svelte';

// The sign-in redirect lands on /callback: finish it, then show the app at /.
if (location.pathname === '/callback') {
  await logto.handleSignInCallback(location.href);
  history.replaceState(null, '', '/');
}

mount(App, {
  target: document.getElementById('app')!,
  props: { signedIn: await logto.isAuthenticated() },
});
