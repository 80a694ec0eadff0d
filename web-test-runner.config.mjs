import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { fileURLToPath } from 'node:url';
import { chromeArgs, requireChrome } from './scripts/chrome-path.mjs';
import { summaryReporter } from './scripts/wtr-summary-reporter.mjs';

const executablePath = requireChrome();

export default {
  files: ['widget/src/**/*.test.ts', 'emulator/test/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['org-widget-source', 'production', 'browser'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 5 * 60 * 1000,
  browsers: [
    chromeLauncher({ launchOptions: { executablePath, headless: true, args: chromeArgs } }),
  ],
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
