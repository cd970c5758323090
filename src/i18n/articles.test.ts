/** The lesson cards name the articles a lesson replays by their titles, in both languages (issue 13). */
import { describe, expect, it } from 'vitest';
import { lessons } from '../lessons';
import { en } from './en';
import { isMessageKey, translate } from './index';
import { zh } from './zh';

describe('the articles the lessons come from', () => {
  it('has a title for every article a lesson names, in English and in Chinese (the article\'s own)', () => {
    for (const n of new Set(lessons.flatMap((l) => l.seeds ?? []))) {
      expect(isMessageKey(`article.${n}`), n).toBe(true);
      expect(en[`article.${n}` as keyof typeof en]).toMatch(/^“.+”$/);
      expect(zh[`article.${n}` as keyof typeof zh]).toMatch(/^《.+》$/);
    }
    expect(zh['article.003']).toBe('《K8s进阶之外部访问Pod的几种方式》');
  });
  it('says where a lesson comes from in words, not numbers', () => {
    const from = (lang: 'en' | 'zh-CN', seeds: string[]) =>
      translate(lang, 'lesson.from', { articles: seeds.map((n) => translate(lang, `article.${n}`)).join(translate(lang, 'lesson.fromJoin')) });
    expect(from('en', ['000', '002'])).toBe('From “Pod networking in k8s (3)” and “K8s basics 19: the Service, a layer-4 proxy”');
    expect(from('en', ['001'])).toBe('From “How to reach a pod”');
  });
});
