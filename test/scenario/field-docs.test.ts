import { describe, expect, it } from 'vitest';
import { fieldDocs, fieldDocsMarkdown } from '../../src/scenario/field-docs.ts';

describe('field docs generated from the schema', () => {
  const rows = fieldDocs();

  it('describe every field', () => {
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.filter((r) => r.description === '').map((r) => r.path)).toEqual([]);
  });

  it('give every field a default, except the documented alternatives and the model files', () => {
    const without = rows.filter((r) => r.default === undefined || r.default === 'required').map((r) => r.path);
    expect(without.sort()).toEqual(
      [
        'churn.file',
        'churn.offTime.mean',
        'churn.offTime.median',
        'churn.offTime.shape',
        'churn.session.mean',
        'churn.session.median',
        'churn.session.shape',
        'underlay.file',
        'underlay.partitions.<i>.groups',
        'workload.lookups.count',
        'workload.lookups.rate',
        'workload.messages.count',
        'workload.messages.rate',
      ].sort(),
    );
  });

  it('show defaults as a scenario file writes them', () => {
    const get = (path: string) => rows.find((r) => r.path === path);
    expect(get('overlay.chord.updateInterval')).toMatchObject({ type: 'time', default: '600 s' });
    expect(get('underlay.model')).toMatchObject({ type: 'constant | uniform | coordinates | transit-stub | matrix', default: 'constant' });
    expect(get('underlay.min')).toMatchObject({ when: 'underlay.model: uniform', default: '10 ms' });
    expect(get('underlay.loss.probability')).toMatchObject({ when: undefined, default: '0' });
    expect(get('alm.childLimit')).toMatchObject({ type: 'integer or null', default: 'null' });
  });

  it('render as a Markdown table', () => {
    const md = fieldDocsMarkdown();
    expect(md.split('\n')[0]).toBe('| field | type | default | description |');
    expect(md).toContain('| `workload.groupSize.exponent` (workload.groupSize.dist: zipf-scribe) | number | `1.25` |');
  });
});
