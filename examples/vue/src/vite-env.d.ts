/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_LOGTO_ENDPOINT: string;
  readonly VITE_LOGTO_APP_ID: string;
  readonly VITE_ORG_API_BASE: string;
  readonly VITE_ORG_API_RESOURCE: string;
}

// Types of the <org-…> elements in templates (Vue GlobalComponents).
import type {} from 'logto-org-widget/vue';
