/// <reference types="vite/client" />

/** Settings `demo/start.ts` gives the page (Vite `define`); in your app they come from `.env`. */
interface ImportMetaEnv {
  readonly VITE_LOGTO_ENDPOINT: string;
  readonly VITE_LOGTO_APP_ID: string;
  readonly VITE_ORG_API_BASE: string;
  readonly VITE_ORG_API_RESOURCE: string;
  /** The emulator's mail outbox page; empty against a real Logto. */
  readonly VITE_OUTBOX_URL: string;
}
