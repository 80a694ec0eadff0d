// Sign-in with Logto and the elements' one-line setup. Runs in the browser only, before the
// components that use it render or hydrate.
import LogtoClient from '@logto/browser';
import { ORG_SCOPES, configure } from 'logto-org-widget';

const env = {
  endpoint: process.env.NEXT_PUBLIC_LOGTO_ENDPOINT ?? '',
  appId: process.env.NEXT_PUBLIC_LOGTO_APP_ID ?? '',
  apiBase: process.env.NEXT_PUBLIC_ORG_API_BASE ?? '',
  resource: process.env.NEXT_PUBLIC_ORG_API_RESOURCE ?? '',
};

function createClient() {
  const logto = new LogtoClient({
    endpoint: env.endpoint,
    appId: env.appId,
    scopes: ['email', ...ORG_SCOPES],
    resources: [env.resource],
  });
  configure({ apiBase: env.apiBase, logto, resource: env.resource });
  return logto;
}

/** The browser's Logto client (undefined while rendering on the server). */
export const logto = typeof window === 'undefined' ? undefined : createClient();
