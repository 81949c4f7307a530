import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIO_REFERENCE_PATH, scenarioReferenceMarkdown } from '../../scripts/scenario-reference.ts';
import { fieldDocs } from '../../src/scenario/field-docs.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('docs/scenario-reference.md', () => {
  const generated = scenarioReferenceMarkdown();

  it('is what scripts/scenario-reference.ts generates (run `npm run docs:scenario` to update it)', () => {
    let committed: string;
    try {
      committed = readFileSync(`${root}${SCENARIO_REFERENCE_PATH}`, 'utf8');
    } catch {
      throw new Error(`${SCENARIO_REFERENCE_PATH} is missing: run \`npm run docs:scenario\` and commit it`);
    }
    if (committed !== generated) {
      const a = committed.split('\n');
      const b = generated.split('\n');
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      throw new Error(
        `${SCENARIO_REFERENCE_PATH} is out of date with the scenario schema: run \`npm run docs:scenario\` and commit it.\n` +
          `First difference at line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  generated: ${b[i] ?? '(end of file)'}`,
      );
    }
  });

  it('lists every scenario field', () => {
    for (const row of fieldDocs()) expect(generated).toContain(`| \`${row.path}\``);
  });
});
