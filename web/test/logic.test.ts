import { describe, expect, it } from 'vitest';
import {
  chooseBin, classifyAmplifier, composition, filterAlerts, groupColour, histogram, mergeAlerts,
  severityColour, severityRank, storeWarning, techniques, topContributions,
} from '../src/logic';

const A = (id: string, raised_at: number, severity = 'high', state = 'open') => ({ id, raised_at, severity, state, campaign_id: 'C', updated_at: raised_at });

describe('alert feed', () => {
  it('merges by id, newest first, id ascending on ties, and reports only new ids', () => {
    const cur = [A('A-2', 200), A('A-1', 100)];
    const r = mergeAlerts(cur, [A('A-3', 200), { ...A('A-1', 100), state: 'confirmed' }]);
    expect(r.list.map((a) => a.id)).toEqual(['A-2', 'A-3', 'A-1']);
    expect([...r.added]).toEqual(['A-3']);
    expect(r.list[2].state).toBe('confirmed');
  });
  it('filters by severity, state and time', () => {
    const list = [A('1', 100, 'low'), A('2', 200, 'critical', 'confirmed'), A('3', 300, 'high')];
    expect(filterAlerts(list, { severities: new Set(['critical', 'high']), states: new Set() }).map((a) => a.id)).toEqual(['2', '3']);
    expect(filterAlerts(list, { severities: new Set(), states: new Set(['open']), sinceMs: 150 }).map((a) => a.id)).toEqual(['3']);
  });
  it('orders and colours severities', () => {
    expect(severityRank('critical')).toBeLessThan(severityRank('low'));
    expect(severityColour('critical')).toBe('#b71c1c');
    expect(severityColour('bogus')).toBe('#9e9e9e');
  });
});

describe('amplifier composition', () => {
  const day = 86400000;
  it('classifies first match wins', () => {
    expect(classifyAmplifier({ account: 'a', automation_score: 0.9, coordinated: true })).toBe('automated');
    expect(classifyAmplifier({ account: 'a', automation_score: 0.2, coordinated: true })).toBe('coordinated');
    expect(classifyAmplifier({ account: 'a', created_at: 0, first_action: 29 * day })).toBe('new');
    expect(classifyAmplifier({ account: 'a', created_at: 0, first_action: 31 * day })).toBe('other');
  });
  it('counts each class', () => {
    expect(composition([
      { account: 'a', automation_score: 0.5 }, { account: 'b', coordinated: true },
      { account: 'c', coordinated: true }, { account: 'd' },
    ])).toEqual({ automated: 1, coordinated: 2, new: 0, other: 1 });
  });
});

describe('score explanation', () => {
  it('orders signed contributions by magnitude and accepts several shapes', () => {
    const r = topContributions([{ name: 'x', contribution: 0.1 }, { feature: 'y', shap: -0.4 }, { name: 'z', weight: 0.3 }, { bad: 1 }]);
    expect(r.map((c) => [c.feature, c.contribution])).toEqual([['y', -0.4], ['z', 0.3], ['x', 0.1]]);
    expect(topContributions({ a: 1, b: -2 }).map((c) => c.feature)).toEqual(['b', 'a']);
    expect(topContributions(null)).toEqual([]);
    // The engine's stored form: [name, log-odds contribution] pairs.
    const pairs = topContributions([['account_age_days', -0.5], ['interval_cv', 1.25], ['bad', 'x'], ['', 1]]);
    expect(pairs.map((c) => [c.feature, c.contribution])).toEqual([['interval_cv', 1.25], ['account_age_days', -0.5]]);
  });
});

describe('misc', () => {
  it('gives a stable colour per group and grey for none', () => {
    expect(groupColour('G-1')).toBe(groupColour('G-1'));
    expect(groupColour(undefined)).toBe('#b0b0b0');
  });
  it('splits technique ids', () => {
    expect(techniques('T0049.003, T0084.001')).toEqual(['T0049.003', 'T0084.001']);
    expect(techniques(['T0119'])).toEqual(['T0119']);
  });
  it('bins times and fills empty bins', () => {
    expect(histogram([0, 10, 130, 250], 60)).toEqual([[0, 2], [60, 0], [120, 1], [180, 0], [240, 1]]);
    expect(chooseBin(0, 3600e3)).toBe(60e3);
    expect(chooseBin(0, 300e3)).toBe(10e3);
    expect(chooseBin(0, 30 * 86400e3)).toBe(6 * 3600e3);
  });
});

describe('group colours', () => {
  it('gives distinct colours to the largest groups first', async () => {
    const { groupColours, PALETTE } = await import('../src/logic');
    const c = groupColours(new Map([['small', 2], ['big', 9], ['mid', 5]]));
    expect(c.get('big')).toBe(PALETTE[0]);
    expect(c.get('mid')).toBe(PALETTE[1]);
    expect(c.get('small')).toBe(PALETTE[2]);
  });
});

describe('engagements', () => {
  it('deduplicates the actions shared by several edges', async () => {
    const { engagements } = await import('../src/logic');
    const ev = (ta: number, tb: number) => [{ action: 'repost', object: 'p', time_a: ta, time_b: tb }];
    // a-b and a-c both contain a's repost at 10: three distinct actions, not four.
    const g = engagements([{ a: 'a', b: 'b', evidence: ev(10, 17) }, { a: 'a', b: 'c', evidence: ev(10, 24) }]);
    expect(g.map((x) => `${x.account}@${x.time}`)).toEqual(['a@10', 'b@17', 'c@24']);
    expect(engagements([{ a: 'a', b: 'b', evidence: ev(1, 2) }], 'other')).toEqual([]);
  });
});

describe('store banner', () => {
  it('is silent when the store is read and written, and says what fails', () => {
    expect(storeWarning(null)).toBeNull();
    expect(storeWarning({ status: 'ok' })).toBeNull();
    expect(storeWarning({ status: 'ok', ingest: { failing_writes: 0 } })).toBeNull();
    expect(storeWarning({ status: 'ok', ingest: { failing_writes: 3 } })).toEqual({ kind: 'failing', attempts: 3 });
    expect(storeWarning({ status: 'ok', ingest: { failing_writes: 3, refused_from: 7 } })).toEqual({ kind: 'refused', body: 7 });
    expect(storeWarning({ status: 'degraded', ingest: { failing_writes: 3 } })).toEqual({ kind: 'degraded' });
  });
});
