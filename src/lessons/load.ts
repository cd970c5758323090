/**
 * The lessons as the page gets them: the default one at once (the app opens on it), the rest
 * in their own chunk, fetched when first needed (a saved position in another lesson, the
 * picker, a link naming a lesson) or when the page is idle. All of them together are a third
 * of the page's first script otherwise, for a screen that shows one.
 */
import { nodePortLesson } from './nodeport';
import type { Lesson } from './types';

/** The lesson the app opens on. index.ts lists it first. */
export const defaultLesson: Lesson = nodePortLesson;

let all: Lesson[] | undefined;
let loading: Promise<Lesson[]> | undefined;

/** Every lesson, in the picker's order, once fetched. */
export const loadedLessons = (): Lesson[] | undefined => all;

/** Fetches every lesson (once). */
export function loadLessons(): Promise<Lesson[]> {
  loading ??= import('./index').then((m) => (all = m.lessons));
  return loading;
}

/** The lesson of an id, if it is known yet: the default one always, the others once fetched. */
export function knownLesson(id: string | undefined): Lesson | undefined {
  if (all) return all.find((l) => l.id === id);
  return id === defaultLesson.id ? defaultLesson : undefined;
}
