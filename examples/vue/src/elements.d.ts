// Types of the <org-…> elements in templates (Vue GlobalComponents).
import type {} from 'logto-org-widget/vue';
