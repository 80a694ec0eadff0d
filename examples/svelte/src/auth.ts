// Sign-in with Logto and the elements' one-line setup; runs once, before the app renders.
import LogtoClient from '@logto/browser';
import { ORG_SCOPES, configure } from 'logto-org-widget';

const env = import.meta.env;

export const logto = new LogtoClient({
  endpoint: env.VITE_LOGTO_ENDPOINT,
  appId: env.VITE_LOGTO_APP_ID,
  scopes: ['email', ...ORG_SCOPES],
  resources: [env.VITE_ORG_API_RESOURCE],
});

configure({ apiBase: env.VITE_ORG_API_BASE, logto, resource: env.VITE_ORG_API_RESOURCE });
