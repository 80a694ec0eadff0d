// A tiny static server for public/ (any static host does the same). `/config.js` comes from the
// environment when LOGTO_ENDPOINT is set, otherwise from public/config.js.
//   PORT=8080 LOGTO_ENDPOINT=… LOGTO_APP_ID=… ORG_API_BASE=… ORG_API_RESOURCE=… node serve.mjs
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const root = join(import.meta.dirname, 'public');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const env = process.env;

function configModule() {
  const settings = {
    endpoint: env.LOGTO_ENDPOINT,
    appId: env.LOGTO_APP_ID,
    apiBase: env.ORG_API_BASE,
    resource: env.ORG_API_RESOURCE,
  };
  return `export const settings = ${JSON.stringify(settings)};\n`;
}

const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (path === '/config.js' && env.LOGTO_ENDPOINT) {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(configModule());
    return;
  }
  // /callback and /invite are pages of their own; everything else is a file of public/.
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  const page = extname(file) ? file : `${file}.html`;
  if (!page.startsWith(root)) return void res.writeHead(404).end();
  try {
    const body = await readFile(page);
    res.writeHead(200, { 'content-type': types[extname(page)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  }
});
server.listen(Number(env.PORT ?? 8080), '127.0.0.1', () => {
  console.log(`http://localhost:${server.address().port}/`);
});
