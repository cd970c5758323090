import { beforeEach, describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { selectFocusRanges, selectLinks, selectRequestTraces, useStore } from './index';

const s = () => useStore.getState();
const line = (text: string) => nodePortLesson.yaml.split('\n').findIndex((l) => l.includes(text)) + 1;

beforeEach(() => {
  s().loadLesson(nodePortLesson.id);
  useStore.setState({ requests: [{ id: 1, color: 0, request: nodePortLesson.request }], activeRequest: 0, focus: null });
});

describe('the player slice', () => {
  it('the editor cursor puts its object in focus, without moving the editor; leaving clears it', () => {
    s().setCursorLine(line('nodePort: 31101'));
    expect(s().focus).toMatchObject({ object: 'Service/default/my-nginx-deploment', source: 'editor' });
    expect(selectFocusRanges(s())).toEqual([]);
    expect(selectLinks(s())!.elements).toContain('svc/default/my-nginx-deploment');
    const before = s().focus;
    s().setCursorLine(line('targetPort: 80'));
    expect(s().focus).toBe(before);
    s().setCursorLine(null);
    expect(s().focus).toBeNull();
  });
  it('a rule puts its own lines in the editor', () => {
    const range = { start: { line: 33, column: 5 }, end: { line: 33, column: 20 } };
    s().setFocus({ object: 'Service/default/my-nginx-deploment', range, source: 'rule' });
    expect(selectFocusRanges(s())).toEqual([range]);
    // The cursor does not take the focus away from a rule until it moves into another object.
    s().setCursorLine(null);
    expect(s().focus?.source).toBe('rule');
  });
  it('traces every request kept, on the same cluster', () => {
    s().addRequest({ from: 'external', to: 'http://192.168.255.101:31101/', pick: 1 });
    const [a, b] = selectRequestTraces(s());
    expect(a.request.to).toBe('http://192.168.255.102:31101/');
    // Traced by the engine's worker (here answering at once), not on the page's thread.
    expect(a.outcome).toBe('served');
    expect(a.hops.length).toBeGreaterThan(10);
    expect(s().otherTraces.cluster).toBe(s().cluster);
    expect(b).toBe(s().trace);
    expect(selectRequestTraces(s())).toBe(selectRequestTraces(s()));
  });
  it('applyYaml rebuilds at once (the editor takes the new text as one undoable edit)', () => {
    s().applyYaml(nodePortLesson.yaml.replace('replicas: 2', 'replicas: 1'));
    expect(s().cluster.pods.filter((p) => !p.system)).toHaveLength(1);
  });
});
