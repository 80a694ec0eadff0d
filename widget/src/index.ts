// Public entry of the elements package. Elements register themselves when imported.
// The string tables first: side by side they compress better than next to each element's code.
import './internal/i18n/org-profile.js';
import './internal/i18n/org-invitation.js';
import './internal/i18n/org-switcher.js';
import './internal/i18n/org-create.js';
import './internal/i18n/org-invite.js';
import './internal/i18n/org-members.js';
import './internal/i18n/strings.js';
// Elements (this order happens to compress best in the single-file bundle)
export { OrgMembers } from './org-members/org-members.js';
export { OrgInvite, parseEmails, MAX_EMAILS } from './org-invite/org-invite.js';
export { OrgCreate } from './org-create/org-create.js';
export { OrgProfile } from './org-profile/org-profile.js';
export { OrgInvitation } from './org-invitation/org-invitation.js';
export { OrgSwitcher } from './org-switcher/org-switcher.js';

export {
  ORG_SCOPES,
  SignedOutError,
  clearTokens,
  configure,
  getConfig,
  refreshAll,
} from './internal/config.js';
export type {
  GetAccessToken,
  LogtoLike,
  OrgWidgetConfig,
  TokenContext,
} from './internal/config.js';
export { OrgApiError, createApi } from './internal/api.js';
export type {
  MyInvitation,
  MyInvitationsResponse,
  Organization,
  OrganizationBranding,
  OrganizationDomains,
  OrganizationResponse,
  UpdateDomainsRequest,
  UpdateOrganizationRequest,
} from 'logto-org-widget-contract';
export type { ClientErrorCode, OrgApi, OrgErrorCode } from './internal/api.js';
export { registerRoleLabels, registerTranslation } from './internal/localize.js';
export type { Translation, TranslationKey } from './internal/localize.js';
export type * from './internal/events.js';
