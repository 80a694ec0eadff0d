// Types of the <org-…> elements in markup (svelte/elements).
import type {} from 'logto-org-widget/svelte';
