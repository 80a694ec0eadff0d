// The shape of /config.js, which server.mjs writes from its settings.
export declare const settings: {
  endpoint: string;
  appId: string;
  apiBase: string;
  resource: string;
};
