// Sign-in with Logto and the one-line setup of the organization elements. Shared by every page.
import LogtoClient, { Prompt } from '@logto/browser';
import { ORG_SCOPES, configure } from 'logto-org-widget';

const env = import.meta.env;

export const logto = new LogtoClient({
  endpoint: env.VITE_LOGTO_ENDPOINT,
  appId: env.VITE_LOGTO_APP_ID,
  scopes: ['email', ...ORG_SCOPES],
  resources: [env.VITE_ORG_API_RESOURCE],
});

configure({ apiBase: env.VITE_ORG_API_BASE, logto, resource: env.VITE_ORG_API_RESOURCE });

/** Signs in and comes back to this very page (through /callback.html). */
export function signIn(options: { switchAccount?: boolean } = {}) {
  sessionStorage.setItem('demo:return-to', location.href);
  return logto.signIn({
    redirectUri: `${location.origin}/callback.html`,
    ...(options.switchAccount && { prompt: Prompt.Login }),
  });
}

export const signOut = () => logto.signOut(`${location.origin}/`);
