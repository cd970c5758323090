import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lessonById, lessons } from '../lessons';
import { loadedLessons, loadLessons } from '../lessons/load';
import { requestAt, yamlAt } from '../lessons/play';
import { command } from '../commands/registry';
import { currentStep } from './lesson';
import { useStore } from './store';

const state = () => useStore.getState();

describe('lessons fetched when needed', () => {
  it('shows the default lesson at once, and another one once the lessons chunk is here', async () => {
    expect(loadedLessons()).toBeUndefined();
    state().loadLesson('nodeport');
    expect(state().lesson.id).toBe('nodeport');
    const before = state().text;
    state().loadLesson('clusterip');
    // Not yet: nothing changes until the lesson is here, so no half-shown step.
    expect(state().lesson.id).toBe('nodeport');
    expect(state().text).toBe(before);
    await loadLessons();
    expect(state().lesson.id).toBe('clusterip');
    expect(state().text).toBe(lessonById('clusterip')!.yaml);
    expect(state().draft).toBeUndefined();
  });
});

describe('the lesson slice', () => {
  beforeAll(() => loadLessons());
  beforeEach(() => {
    state().dismissDraft();
    state().loadLesson('nodeport');
  });

  it('shows a step as the tests play it: its YAML, its request, the player at the first hop', () => {
    state().loadLesson('clusterip');
    state().goToStep(3);
    const lesson = lessonById('clusterip')!;
    expect(state().text).toBe(yamlAt(lesson, 3).yaml);
    expect(state().request).toEqual(requestAt(lesson, 3));
    expect(state().trace.outcome).toBe('served');
    expect(state().player).toMatchObject({ step: 0, status: 'idle', total: state().trace.hops.length });
    expect(state().draft).toBeUndefined();
  });

  it('keeps edited YAML as a draft when a step replaces it, and restores it', () => {
    const edited = state().text.replace('replicas: 2', 'replicas: 3');
    state().setText(edited);
    state().loadLesson('headless');
    expect(state().text).toBe(lessonById('headless')!.yaml);
    expect(state().draft).toMatchObject({ id: state().history[0].id, lesson: lessonById('nodeport')!.title });
    expect(state().history[0]).toMatchObject({ why: { kind: 'lesson', lesson: { id: 'headless', step: 0 } }, size: edited.length });
    // Moving on through unedited steps keeps the draft as it was.
    const draft = state().draft;
    state().goToStep(1);
    expect(state().draft).toBe(draft);
    state().restoreDraft();
    expect(state().text).toBe(edited);
    expect(state().draft).toBeUndefined();
    expect(state().cluster.pods.filter((p) => p.name.startsWith('my-nginx-deploment-'))).toHaveLength(3);
  });

  it('goes nowhere past either end, and the commands say so', () => {
    const last = lessons[0].steps!.length - 1;
    expect(command('lessonPrev').enabled(state())).toBe(false);
    state().goToStep(-1);
    expect(state().lesson.step).toBe(0);
    state().goToStep(last);
    expect(command('lessonNext').enabled(state())).toBe(false);
    state().goToStep(last + 1);
    expect(state().lesson.step).toBe(last);
    command('lessonPrev').perform(state());
    expect(state().lesson.step).toBe(last - 1);
  });

  it('shows the answer only for a step that asks something, once', () => {
    expect(currentStep(state())?.challenge).toBeDefined();
    expect(command('lessonAnswer').enabled(state())).toBe(true);
    command('lessonAnswer').perform(state());
    expect(state().lesson.answerShown).toBe(true);
    expect(command('lessonAnswer').enabled(state())).toBe(false);
    // A new step hides it again.
    state().goToStep(2);
    expect(state().lesson.answerShown).toBe(false);
    expect(command('lessonAnswer').enabled(state())).toBe(false);
  });

  it('ignores an unknown lesson', () => {
    state().loadLesson('no-such-lesson');
    expect(state().lesson.id).toBe('nodeport');
  });
});
