import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { lessons } from './index';
import { playLesson } from './play';

describe.each(lessons.map((l) => [l.id, l] as const))('lesson %s', (_id, lesson) => {
  it('plays to its end, every step showing what it promises', () => {
    const played = playLesson(lesson);
    expect(played.map((p, i) => ({ step: i + 1, problems: p.problems }))).toEqual(played.map((_, i) => ({ step: i + 1, problems: [] })));
  });

  it('is written in both languages, and every step expects something', () => {
    const texts = [lesson.title, lesson.summary, ...(lesson.steps ?? []).flatMap((s) => [s.text, s.challenge?.question, s.challenge?.answer])];
    for (const t of texts.filter((x) => x !== undefined)) {
      expect(t!.en.trim()).not.toBe('');
      expect(t!.zh.trim()).not.toBe('');
    }
    for (const step of lesson.steps ?? []) expect(step.expect, step.text.en).toBeDefined();
    // Hop keys named in expectations exist in the message catalogue.
    for (const key of (lesson.steps ?? []).flatMap((s) => s.expect?.hops ?? [])) expect(en).toHaveProperty([key]);
  });
});
