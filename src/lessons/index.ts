/** The built-in lessons; the first is the one the app opens on. */
import { nodePortLesson } from './nodeport';
import type { Lesson } from './types';

export const lessons: Lesson[] = [nodePortLesson];
export const defaultLesson: Lesson = nodePortLesson;
export type { Lesson };
