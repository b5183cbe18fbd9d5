import { describe, expect, it } from 'vitest';
import { components, layout } from '../src/graph_layout';
import { missingJapanese, t } from '../src/i18n';

describe('network helpers', () => {
  it('finds connected components numbered by first appearance', () => {
    const c = components(['x', 'a', 'b', 'c', 'd'], [{ a: 'a', b: 'b' }, { a: 'c', b: 'b' }, { a: 'd', b: 'e' }]);
    expect(c.get('x')).toBe('c0');
    expect(c.get('a')).toBe('c1');
    expect(c.get('c')).toBe('c1');
    expect(c.get('e')).toBe(c.get('d'));
    expect(c.get('d')).not.toBe(c.get('a'));
  });
  it('lays out 5,000 nodes deterministically with no two at one point', () => {
    const nodes = Array.from({ length: 5000 }, (_, i) => ({ id: 'n' + i, group: 'g' + (i % 7) }));
    const p1 = layout(nodes), p2 = layout(nodes);
    expect(p1.size).toBe(5000);
    expect(p1.get('n42')).toEqual(p2.get('n42'));
    const seen = new Set([...p1.values()].map((p) => `${p.x.toFixed(6)},${p.y.toFixed(6)}`));
    expect(seen.size).toBe(5000);
  });
});

describe('i18n', () => {
  it('has every English string in Japanese', () => {
    expect(missingJapanese()).toEqual([]);
    expect(t('confirm', 'ja')).toBe('確認');
    expect(t('confirm', 'en')).toBe('Confirm');
  });
});
