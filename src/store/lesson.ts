/**
 * The lesson slice: which lesson and step is on screen, the picker, challenge mode, and the
 * user's own YAML when a lesson had to replace it.
 *
 * A step sets the YAML and the request the lesson says (the same `yamlAt`/`requestAt` the tests
 * play). If the user had edited the text, it is not thrown away and not asked about: it is kept
 * in the history (historySlice.ts), the draft names that entry, and one click brings it back. A
 * question before every step would stop a class each time; a silent loss would lose a
 * student's work.
 */
import type { StateCreator } from 'zustand';
import { defaultLesson, knownLesson, loadLessons } from '../lessons/load';
import { requestAt, yamlAt } from '../lessons/steps';
import type { Lesson } from '../lessons/types';
import { loadIndex, type ReplaceReason } from './history';
import { load, save } from './persist';
import type { AppState } from './store';
import { saveText } from './text';

export interface LessonPosition {
  id: string;
  step: number;
  /** The current step's challenge answer is on screen. */
  answerShown: boolean;
}

/** The user's edited document, kept in the history when a lesson step replaced it. */
export interface Draft {
  /** The history entry that holds the text and the request. */
  id: string;
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

/** What stands for a lesson not fetched yet (lessons/load.ts): no title, no step, no text to compare with. */
const pending = new Map<string, Lesson>();
function pendingLesson(id: string): Lesson {
  let lesson = pending.get(id);
  if (!lesson) pending.set(id, (lesson = { id, title: { en: '', zh: '' }, yaml: '', request: defaultLesson.request, steps: [] }));
  return lesson;
}

/** The lesson on screen; while the lessons are fetched, a placeholder without steps. */
export const currentLesson = (s: Pick<AppState, 'lesson'>): Lesson => knownLesson(s.lesson.id) ?? pendingLesson(s.lesson.id);
export const currentStep = (s: Pick<AppState, 'lesson'>) => currentLesson(s).steps?.[s.lesson.step];
export const stepCount = (s: Pick<AppState, 'lesson'>) => currentLesson(s).steps?.length ?? 0;

/** What the user changed since the step put its picture on screen. */
export type StepChange = 'yaml' | 'request' | 'both';

/** A request as data, key order and absent fields aside (`{ pick: undefined }` is no pick). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The YAML and the request a step loads, by lesson and step (replaying a lesson's edits once). */
const loaded = new Map<string, { yaml: string; request: string }>();
function stepPicture(lesson: Lesson, step: number) {
  const key = `${lesson.id}/${step}`;
  let picture = loaded.get(key);
  if (!picture) loaded.set(key, (picture = { yaml: yamlAt(lesson, step).yaml, request: canonical(requestAt(lesson, step)) }));
  return picture;
}

/**
 * Whether the step's words still describe the picture: undefined while the YAML and the request
 * are the ones the step loaded; else what differs (the user scaled a Deployment, edited the
 * YAML, typed another curl in the terminal, drew another endpoint). A step names pods, nodes,
 * addresses and outcomes of its own picture, so the panel then says the cluster was changed.
 */
export function stepChange(s: Pick<AppState, 'lesson' | 'text' | 'request'>): StepChange | undefined {
  const lesson = knownLesson(s.lesson.id);
  if (!lesson?.steps?.[s.lesson.step]) return undefined;
  const picture = stepPicture(lesson, s.lesson.step);
  const yaml = s.text !== picture.yaml;
  const request = canonical(s.request) !== picture.request;
  return yaml && request ? 'both' : yaml ? 'yaml' : request ? 'request' : undefined;
}

const startPosition: LessonPosition = { id: defaultLesson.id, step: 0, answerShown: false };

/** Whether a position names a lesson step that exists (`undefined` while that lesson is not fetched). */
function validPosition(p: Pick<LessonPosition, 'id' | 'step'>): boolean | undefined {
  const lesson = knownLesson(p.id);
  if (!lesson) return undefined;
  return p.step >= 0 && p.step < (lesson.steps?.length ?? 1);
}

/** The saved position, as written; one in a lesson not fetched yet is checked once it is (see the slice). */
function savedPosition(): LessonPosition {
  try {
    const raw = JSON.parse(load('lesson') ?? 'null') as { id?: unknown; step?: unknown } | null;
    const step = typeof raw?.step === 'number' && Number.isInteger(raw.step) ? raw.step : 0;
    if (typeof raw?.id === 'string' && raw.id.length <= 100 && validPosition({ id: raw.id, step }) !== false) return { id: raw.id, step, answerShown: false };
  } catch {
    // a corrupt saved position starts at the default lesson
  }
  return startPosition;
}

function savedDraft(): Draft | undefined {
  try {
    const raw = JSON.parse(load('draft') ?? 'null') as Draft | null;
    // The entry may have left the history since (restored, or pushed out by newer ones).
    if (raw && typeof raw.id === 'string' && raw.lesson && loadIndex().some((e) => e.id === raw.id)) return raw;
  } catch {
    // a corrupt draft is dropped
  }
  return undefined;
}

export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set, get) => {
  /** Shows step `step` of `lesson`; the user's edits, if any, are kept in the history and become the draft. */
  const show = (lesson: Lesson, step: number, why: ReplaceReason) => {
    const s = get();
    const shown = currentLesson(s);
    const edited = s.text !== yamlAt(shown, s.lesson.step).yaml;
    let draft = s.draft;
    if (edited) {
      const id = s.keepDocument({ yaml: s.text, request: s.request, hop: s.player.step, lesson: { id: s.lesson.id, step: s.lesson.step } }, why);
      if (id) draft = { id, lesson: shown.title };
      save('draft', JSON.stringify(draft ?? null));
    }
    const text = yamlAt(lesson, step).yaml;
    const request = requestAt(lesson, step);
    const position = { id: lesson.id, step, answerShown: false };
    save('lesson', JSON.stringify({ id: lesson.id, step }));
    save('request', JSON.stringify(request));
    const saveStatus = saveText(text, (status) => set({ saveStatus: status }));
    set({ lesson: position, draft, text, saveStatus, request, textVersion: s.textVersion + 1, pickerOpen: false });
    // Every step starts at its first hop, so the class can predict the rest.
    get().rebuild({ seek: 0 });
  };
  /** Runs `fn` once the lesson on screen and `id` are both at hand (at once for the default lesson). */
  const whenKnown = (id: string, fn: () => void) => {
    if (knownLesson(get().lesson.id) && knownLesson(id)) fn();
    else void loadLessons().then(fn);
  };
  const position = savedPosition();
  if (!knownLesson(position.id)) {
    // Saved in a lesson not fetched yet: fetch it, then drop the position if no such step exists.
    void loadLessons().then(() => {
      const { lesson } = get();
      set({ lesson: validPosition(lesson) ? { ...lesson } : startPosition });
    });
  }
  return {
    lesson: position,
    pickerOpen: false,
    challengeMode: load('challengeMode') === 'on',
    lessonFolded: load('lessonFolded') === 'yes',
    draft: savedDraft(),
    loadLesson: (id) => whenKnown(id, () => {
      const lesson = knownLesson(id);
      if (lesson) show(lesson, 0, { kind: 'lesson', lesson: { id, step: 0 } });
    }),
    goToStep: (step) => whenKnown(get().lesson.id, () => {
      const lesson = currentLesson(get());
      if (step >= 0 && step < (lesson.steps?.length ?? 0)) show(lesson, step, { kind: 'lesson', lesson: { id: lesson.id, step } });
    }),
    resetStep: () => whenKnown(get().lesson.id, () => {
      const { lesson } = get();
      show(currentLesson(get()), lesson.step, { kind: 'reset', lesson: { id: currentLesson(get()).id, step: lesson.step } });
    }),
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
      const { draft } = get();
      if (!draft) return;
      save('draft', 'null');
      set({ draft: undefined });
      void get().restoreVersion(draft.id);
    },
    dismissDraft: () => {
      save('draft', 'null');
      set({ draft: undefined });
    },
  };
};
