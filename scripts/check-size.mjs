// Size budgets: the single-file bundle (every element with lit, minified) and each element alone
// with lit; fails when a gzip size exceeds its budget. Builds into memory with vite's JS API,
// independent of dist/.
// Usage: node scripts/check-size.mjs
import {
  ELEMENT_GZIP_BUDGET_BYTES,
  ELEMENTS_GZIP_BUDGET_BYTES,
  measureSizes,
} from '../bench/size.mjs';

const kb = (bytes) => `${(bytes / 1000).toFixed(2)} KB`;

const size = await measureSizes({ only: 'elements' });
const { gzipBytes, rawBytes } = size.all;
const line = `size: all elements + lit ${gzipBytes} B gzip (${kb(gzipBytes)}), ${rawBytes} B raw; budget ${ELEMENTS_GZIP_BUDGET_BYTES} B gzip (${kb(ELEMENTS_GZIP_BUDGET_BYTES)})`;
if (size.elementsMissing.length) {
  console.warn(`size: elements not found: ${size.elementsMissing.join(', ')}`);
}
let over = false;
if (gzipBytes > ELEMENTS_GZIP_BUDGET_BYTES) {
  const shares = Object.entries(size.allSharePercent)
    .map(([part, pct]) => `${part} ${pct}%`)
    .join(', ');
  console.error(`${line}: OVER by ${gzipBytes - ELEMENTS_GZIP_BUDGET_BYTES} B`);
  console.error(`size: shares of the bundle (before minification): ${shares}`);
  over = true;
} else {
  console.log(`${line}: ok, ${ELEMENTS_GZIP_BUDGET_BYTES - gzipBytes} B to spare`);
}
for (const [name, one] of Object.entries(size.perElement)) {
  const verdict =
    one.gzipBytes > ELEMENT_GZIP_BUDGET_BYTES
      ? `OVER by ${one.gzipBytes - ELEMENT_GZIP_BUDGET_BYTES} B`
      : `ok, ${ELEMENT_GZIP_BUDGET_BYTES - one.gzipBytes} B to spare`;
  const print = one.gzipBytes > ELEMENT_GZIP_BUDGET_BYTES ? console.error : console.log;
  print(
    `size: ${name} + lit ${one.gzipBytes} B gzip; budget ${ELEMENT_GZIP_BUDGET_BYTES} B: ${verdict}`,
  );
  over ||= one.gzipBytes > ELEMENT_GZIP_BUDGET_BYTES;
}
if (over) process.exit(1);
