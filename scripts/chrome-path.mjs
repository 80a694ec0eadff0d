// Finds the Chromium used by every browser test, benchmark and screenshot.
// CHROME_PATH overrides the default Debian location. No tool here downloads a browser.
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChrome() {
  return candidates.find((p) => p && existsSync(p));
}

export const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function requireChrome() {
  const found = findChrome();
  if (!found) {
    const message = [
      'No Chromium found for the browser tests.',
      'Install it with:  sudo apt-get update && sudo apt-get install -y chromium',
      'or point CHROME_PATH at a Chromium or Chrome binary.',
    ].join('\n');
    throw new Error(message);
  }
  return found;
}
