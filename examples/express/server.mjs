// @ts-check
// An Express host: its own JSON body parser and routes, the companion router mounted next to them,
// and the page. The router's settings come from the environment (see the server package's README:
// LOGTO_ENDPOINT, LOGTO_M2M_APP_ID, LOGTO_M2M_APP_SECRET, ORG_API_RESOURCE, …); LOGTO_APP_ID is the
// page's single-page app in Logto.
import express from 'express';
import { createOrgRouter, loadConfig } from 'logto-org-widget-server';

const config = loadConfig(process.env);
const app = express();
app.set('trust proxy', config.trustProxy);

// The host's own body parser and API, before the companion router.
app.use(express.json());
app.post('/api/echo', function echo(req, res) {
  res.json({ received: req.body });
});

// The companion API, same origin as the page.
app.use('/org-api', createOrgRouter({ config }));

// The page's settings and files.
app.get('/config.js', function pageConfig(_req, res) {
  const settings = {
    endpoint: config.logtoEndpoint,
    appId: process.env.LOGTO_APP_ID,
    apiBase: '/org-api',
    resource: config.apiResource,
  };
  res.type('text/javascript').send(`export const settings = ${JSON.stringify(settings)};\n`);
});
app.use(express.static('public', { extensions: ['html'] }));

const server = app.listen(config.port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`http://localhost:${typeof address === 'object' && address ? address.port : ''}/`);
});
