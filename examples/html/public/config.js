// Your Logto and companion server settings (serve.mjs replaces this file from the environment).
export const settings = {
  endpoint: 'http://localhost:3001',
  appId: 'your-spa-app-id',
  apiBase: 'http://localhost:8787',
  resource: 'http://localhost:8787/api',
};
