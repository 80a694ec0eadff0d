// @ts-check
// Deliberate misuse: `npm run typecheck:misuse` must FAIL on each line marked MISUSE.
import { createOrgRouter, loadConfig } from 'logto-org-widget-server';

createOrgRouter({ config: { logtoEndpoint: 'http://localhost:3001' } }); // MISUSE: incomplete config
loadConfig(process.env).port.toUpperCase(); // MISUSE: port is a number
