import { describe, expect, it } from 'vitest';
import { buildCluster, traceRequest } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { en } from './en';
import { format, isLangLoaded, isMessageKey, loadLang, translate } from './index';
import { zh } from './zh';

describe('the message catalogue', () => {
  it('has a Chinese text for every English key, and no leftovers', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(zh)) expect(text, key).not.toBe('');
  });
  it('keeps the same parameters in both languages', () => {
    // Parameters are {name} and {name, select, …}; the option bodies of a select are text.
    const params = (s: string) =>
      [...s.replace(/\{(\w+), select, (?:[\w-]+ \{[^{}]*\}\s*)+\}/g, '{$1}').matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(params(zh[key]), key).toEqual(params(en[key]));
  });
  it('formats parameters and selects', () => {
    expect(format('{a} and {b}', { a: 1, b: 'x' })).toBe('1 and x');
    expect(translate('en', 'match.src.held', { ip: '1.2.3.4', cidr: '10.0.0.0/8', negated: 1 })).toBe('source 1.2.3.4 is outside 10.0.0.0/8');
    expect(translate('en', 'match.src.held', { ip: '10.1.1.1', cidr: '10.0.0.0/8', negated: 0 })).toBe('source 10.1.1.1 is in 10.0.0.0/8');
  });
  it('loads the Chinese catalogue on demand, speaking English until it has arrived', async () => {
    expect(isLangLoaded('en')).toBe(true);
    if (!isLangLoaded('zh-CN')) expect(translate('zh-CN', 'player.play')).toBe(en['player.play']);
    await loadLang('zh-CN');
    expect(isLangLoaded('zh-CN')).toBe(true);
    expect(translate('zh-CN', 'player.play')).toBe('播放');
  });
  it('has a text for every message the engine emits in the lesson trace', () => {
    const trace = traceRequest(buildCluster(nodePortLesson.yaml), nodePortLesson.request);
    const keys = new Set<string>([trace.outcomeMessage.key]);
    for (const hop of trace.hops) {
      keys.add(hop.title.key);
      keys.add(hop.explain.key);
      for (const r of hop.netfilter?.rules ?? []) for (const m of r.matches) keys.add(m.why.key);
    }
    for (const key of keys) expect(isMessageKey(key), key).toBe(true);
  });
});
