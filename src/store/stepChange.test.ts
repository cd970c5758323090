/**
 * A lesson's words follow the picture (issue 13): once the YAML or the request is no longer the
 * step's (a scale, an edit, a curl typed in the terminal), the panel is told what changed; a
 * reset, or a request equal to the step's, puts it back.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { lessonById } from '../lessons';
import { requestAt } from '../lessons/play';
import { stepChange } from './lesson';
import { useStore } from './store';

const state = () => useStore.getState();

describe('stepChange', () => {
  beforeEach(() => {
    state().dismissDraft();
    state().loadLesson('nodeport');
    state().goToStep(1);
  });

  it('is nothing while the picture is the step\'s, on every step of every lesson', () => {
    expect(stepChange(state())).toBeUndefined();
    state().loadLesson('clusterip');
    for (let i = 0; i < lessonById('clusterip')!.steps!.length; i++) {
      state().goToStep(i);
      expect(stepChange(state()), `clusterip step ${i + 1}`).toBeUndefined();
    }
  });

  it('says the cluster changed after a scale typed in the terminal, and a reset puts the step back', async () => {
    const { result } = await state().runLine('kubectl scale deployment my-nginx-deploment --replicas=4');
    expect(result.output).toBe('deployment.apps/my-nginx-deploment scaled\n');
    expect(stepChange(state())).toBe('yaml');
    state().resetStep();
    expect(stepChange(state())).toBeUndefined();
    expect(state().lesson.step).toBe(1);
  });

  it('says the request changed after another curl in the terminal; the same request as the step\'s is no change', async () => {
    await state().runLine('curl 10.108.229.67:8001');
    expect(stepChange(state())).toBe('request');
    await state().runLine('kubectl scale deployment my-nginx-deploment --replicas=4');
    expect(stepChange(state())).toBe('both');
    state().resetStep();
    // Key order and absent fields do not count: the step's request, as the request bar would set it.
    const step = requestAt(lessonById('nodeport')!, 1);
    state().setRequest({ connect: undefined, ...step });
    expect(stepChange(state())).toBeUndefined();
    state().setRequest({ pick: undefined });
    expect(stepChange(state())).toBe('request');
  });
});
