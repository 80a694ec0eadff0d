/**
 * The error tables of the READMEs are API documentation: every stable code of the contract is in
 * them with its HTTP status, and they name no code the server cannot answer.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES } from 'logto-org-widget-contract';

const root = new URL('../../', import.meta.url);

/** `| \`code\` | status | …` rows of a Markdown table, as code → status. */
function errorRows(markdown: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of markdown.matchAll(/^\|\s*`([a-z_.]+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    rows.set(match[1]!, Number(match[2]));
  }
  return rows;
}

for (const file of ['README.md', 'server/README.md']) {
  describe(`${file} error table`, () => {
    const rows = errorRows(readFileSync(new URL(file, root), 'utf8'));

    it('lists every code of the contract with its status', () => {
      for (const [code, status] of Object.entries(ERROR_CODES)) {
        assert.equal(rows.get(code), status, `${code} (${status}) in ${file}`);
      }
    });

    it('lists no code the contract does not have', () => {
      for (const code of rows.keys()) assert.ok(code in ERROR_CODES, `${code} in ${file}`);
    });
  });
}
