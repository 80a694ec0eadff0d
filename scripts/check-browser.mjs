// Fails at once, with install instructions, when no Chromium is available for the browser tests.
import { requireChrome } from './chrome-path.mjs';

try {
  requireChrome();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
