import { createApp } from 'vue';
import { logto } from './auth.js';
import App from './App.vue';

// The sign-in redirect lands on /callback: finish it, then show the app at /.
if (location.pathname === '/callback') {
  await logto.handleSignInCallback(location.href);
  history.replaceState(null, '', '/');
}

createApp(App, { signedIn: await logto.isAuthenticated() }).mount('#app');
