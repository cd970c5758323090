/**
 * The lesson slice: which lesson and step is on screen, the picker, challenge mode, and the
 * user's own YAML when a lesson had to replace it.
 *
 * A step sets the YAML and the request the lesson says (the same `yamlAt`/`requestAt` the tests
 * play). If the user had edited the text, it is not thrown away and not asked about: it is kept
 * as a draft (in memory and in the browser), and one click brings it back. A question before
 * every step would stop a class each time; a silent loss would lose a student's work.
 */
import type { StateCreator } from 'zustand';
import type { TraceRequest } from '../engine';
import { defaultLesson, lessonById, type Lesson } from '../lessons';
import { requestAt, yamlAt } from '../lessons/play';
import { load, save } from './persist';
import type { AppState } from './store';

export interface LessonPosition {
  id: string;
  step: number;
  /** The current step's challenge answer is on screen. */
  answerShown: boolean;
}

/** The user's text and request as they were when a lesson step replaced them. */
export interface Draft {
  text: string;
  request: TraceRequest;
  /** The lesson title it was kept from, in both languages. */
  lesson: Lesson['title'];
}

export interface LessonSlice {
  lesson: LessonPosition;
  pickerOpen: boolean;
  /** When on, the outcome and the hops stay hidden until the step's answer is shown. */
  challengeMode: boolean;
  /** The panel shows only its head row (step, title, controls). */
  lessonFolded: boolean;
  draft?: Draft;
  loadLesson: (id: string) => void;
  goToStep: (step: number) => void;
  /** Puts the current step's YAML and request back. */
  resetStep: () => void;
  showAnswer: () => void;
  setPickerOpen: (open: boolean) => void;
  setChallengeMode: (on: boolean) => void;
  setLessonFolded: (folded: boolean) => void;
  restoreDraft: () => void;
  dismissDraft: () => void;
}

/** The lesson on screen (the default one when the saved id names none). */
export const currentLesson = (s: Pick<AppState, 'lesson'>): Lesson => lessonById(s.lesson.id) ?? defaultLesson;
export const currentStep = (s: Pick<AppState, 'lesson'>) => currentLesson(s).steps?.[s.lesson.step];
export const stepCount = (s: Pick<AppState, 'lesson'>) => currentLesson(s).steps?.length ?? 0;

function savedPosition(): LessonPosition {
  try {
    const raw = JSON.parse(load('lesson') ?? 'null') as { id?: unknown; step?: unknown } | null;
    const lesson = typeof raw?.id === 'string' ? lessonById(raw.id) : undefined;
    const step = typeof raw?.step === 'number' && Number.isInteger(raw.step) ? raw.step : 0;
    if (lesson && step >= 0 && step < (lesson.steps?.length ?? 1)) return { id: lesson.id, step, answerShown: false };
  } catch {
    // a corrupt saved position starts at the default lesson
  }
  return { id: defaultLesson.id, step: 0, answerShown: false };
}

function savedDraft(): Draft | undefined {
  try {
    const raw = JSON.parse(load('draft') ?? 'null') as Draft | null;
    if (raw && typeof raw.text === 'string' && raw.request && typeof raw.request.to === 'string' && raw.lesson) return raw;
  } catch {
    // a corrupt draft is dropped
  }
  return undefined;
}

export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set, get) => {
  /** Shows step `step` of `lesson`; the user's edits, if any, become the draft. */
  const show = (lesson: Lesson, step: number) => {
    const s = get();
    const shown = currentLesson(s);
    const edited = s.text !== yamlAt(shown, s.lesson.step).yaml;
    const draft = edited ? { text: s.text, request: s.request, lesson: shown.title } : s.draft;
    if (edited) save('draft', JSON.stringify(draft));
    const text = yamlAt(lesson, step).yaml;
    const request = requestAt(lesson, step);
    const position = { id: lesson.id, step, answerShown: false };
    save('lesson', JSON.stringify({ id: lesson.id, step }));
    save('yaml', text);
    save('request', JSON.stringify(request));
    set({ lesson: position, draft, text, request, textVersion: s.textVersion + 1, pickerOpen: false });
    get().rebuild();
    // Every step starts at its first hop, so the class can predict the rest.
    get().dispatch({ type: 'load', total: get().trace.hops.length });
  };
  return {
    lesson: savedPosition(),
    pickerOpen: false,
    challengeMode: load('challengeMode') === 'on',
    lessonFolded: load('lessonFolded') === 'yes',
    draft: savedDraft(),
    loadLesson: (id) => {
      const lesson = lessonById(id);
      if (lesson) show(lesson, 0);
    },
    goToStep: (step) => {
      const lesson = currentLesson(get());
      if (step >= 0 && step < (lesson.steps?.length ?? 0)) show(lesson, step);
    },
    resetStep: () => show(currentLesson(get()), get().lesson.step),
    showAnswer: () => set({ lesson: { ...get().lesson, answerShown: true } }),
    setPickerOpen: (open) => set({ pickerOpen: open }),
    setChallengeMode: (on) => {
      save('challengeMode', on ? 'on' : 'off');
      set({ challengeMode: on });
    },
    setLessonFolded: (folded) => {
      save('lessonFolded', folded ? 'yes' : 'no');
      set({ lessonFolded: folded });
    },
    restoreDraft: () => {
      const { draft, textVersion } = get();
      if (!draft) return;
      save('yaml', draft.text);
      save('request', JSON.stringify(draft.request));
      save('draft', 'null');
      set({ text: draft.text, request: draft.request, draft: undefined, textVersion: textVersion + 1 });
      get().rebuild();
    },
    dismissDraft: () => {
      save('draft', 'null');
      set({ draft: undefined });
    },
  };
};
