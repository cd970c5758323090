/**
 * Which lesson and step a session belongs to: the lesson slice's, when the session is exactly
 * that step's YAML and request, else the built-in lesson whose YAML and request, at some
 * step, are exactly the session's. An edited session belongs to no lesson.
 */
import type { TraceRequest } from '../engine/trace/types';
import { defaultLesson, knownLesson, loadedLessons } from '../lessons/load';
import { requestAt, yamlAt } from '../lessons/steps';
import type { Lesson } from '../lessons/types';
import type { LessonRef } from '../store/share';

/** The lesson of an id among those fetched (lessons/load.ts: callers that need them all await loadLessons first). */
export function findLesson(id: string | undefined): Lesson | undefined {
  return knownLesson(id);
}

/** The YAML and request a lesson shows at a step (its start when it has no steps). */
export function stepState(lesson: Lesson, step: number): { yaml: string; request: TraceRequest } {
  if (!lesson.steps?.length) return { yaml: lesson.yaml, request: lesson.request };
  return { yaml: yamlAt(lesson, step).yaml, request: requestAt(lesson, step) };
}

const sameRequest = (a: TraceRequest, b: TraceRequest) => JSON.stringify(a) === JSON.stringify(b);

export function lessonOf(s: { lesson?: LessonRef; text: string; request: TraceRequest }): LessonRef | undefined {
  // The lesson on screen, when the session is exactly its step; else any step that is.
  const at = (ref: LessonRef) => {
    const lesson = findLesson(ref.id);
    if (!lesson) return false;
    const state = stepState(lesson, ref.step);
    return state.yaml === s.text && sameRequest(state.request, s.request);
  };
  if (s.lesson && at(s.lesson)) return { id: s.lesson.id, step: s.lesson.step };
  for (const lesson of loadedLessons() ?? [defaultLesson]) {
    const steps = Math.max(1, lesson.steps?.length ?? 0);
    for (let step = 0; step < steps; step++) if (at({ id: lesson.id, step })) return { id: lesson.id, step };
  }
  return undefined;
}

/** Whether the session is exactly the lesson at its step, so stepping through the lesson loses nothing. */
export function atLessonStep(s: { text: string; request: TraceRequest }, ref: LessonRef): boolean {
  const lesson = findLesson(ref.id);
  if (!lesson) return false;
  const at = stepState(lesson, ref.step);
  return at.yaml === s.text;
}
