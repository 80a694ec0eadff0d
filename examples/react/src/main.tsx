import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { logto } from './auth.js';
import { App } from './App.js';

// The sign-in redirect lands on /callback: finish it, then show the app at /.
if (location.pathname === '/callback') {
  await logto.handleSignInCallback(location.href);
  history.replaceState(null, '', '/');
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App signedIn={await logto.isAuthenticated()} />
  </StrictMode>,
);
