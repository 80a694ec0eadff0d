// Size budget of the single-file bundle (every element with lit, minified): fails when its gzip
// size exceeds the budget. Builds into memory with vite's JS API, independent of dist/.
// Usage: node scripts/check-size.mjs
import { ELEMENTS_GZIP_BUDGET_BYTES, measureSizes } from '../bench/size.mjs';

const kb = (bytes) => `${(bytes / 1000).toFixed(2)} KB`;

const size = await measureSizes({ only: 'all' });
const { gzipBytes, rawBytes } = size.all;
const line = `size: all elements + lit ${gzipBytes} B gzip (${kb(gzipBytes)}), ${rawBytes} B raw; budget ${ELEMENTS_GZIP_BUDGET_BYTES} B gzip (${kb(ELEMENTS_GZIP_BUDGET_BYTES)})`;
if (size.elementsMissing.length) {
  console.warn(`size: elements not found: ${size.elementsMissing.join(', ')}`);
}
if (gzipBytes > ELEMENTS_GZIP_BUDGET_BYTES) {
  const shares = Object.entries(size.allSharePercent)
    .map(([part, pct]) => `${part} ${pct}%`)
    .join(', ');
  console.error(`${line}: OVER by ${gzipBytes - ELEMENTS_GZIP_BUDGET_BYTES} B`);
  console.error(`size: shares of the bundle (before minification): ${shares}`);
  process.exit(1);
}
console.log(`${line}: ok, ${ELEMENTS_GZIP_BUDGET_BYTES - gzipBytes} B to spare`);
