// Deliberate misuse: `npm run typecheck:misuse` must FAIL on each line marked MISUSE.
import type {} from 'logto-org-widget/jsx';
import { OrgInvite, OrgMembers } from 'logto-org-widget/react';

export const wrongProp = <OrgMembers pageSize="twenty" />; // MISUSE: pageSize is a number
export const wrongDetail = (
  // MISUSE: the detail has `results`, not `emails`
  <OrgInvite onOrgInvitationsSent={(event) => console.log(event.detail.emails)} />
);
export const wrongAttribute = <org-members page-size="many" />; // MISUSE: page-size is a number
