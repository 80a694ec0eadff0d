// @ts-check
// Deliberate misuse: `npm run typecheck:misuse` must FAIL on each line marked MISUSE.
import 'logto-org-widget/bundle';

const members = document.createElement('org-members');
members.pageSize = 'twenty'; // MISUSE: pageSize is a number
document.addEventListener('org-invitations-sent', (event) => {
  console.log(event.detail.emails); // MISUSE: the detail has `results`, not `emails`
});
