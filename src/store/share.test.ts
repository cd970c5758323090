import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { embedRequested } from './share';
import { useStore } from './store';

describe('replacing the whole document', () => {
  it('rebuilds, shows the hop asked for, and Undo puts back the text, request and hop', () => {
    const s = useStore.getState();
    expect(s.text).toBe(nodePortLesson.yaml);
    s.dispatch({ type: 'seek', step: 3 });
    const yaml = nodePortLesson.yaml.replace('replicas: 2', 'replicas: 3');
    const version = s.textVersion;
    useStore.getState().replaceDocument({ yaml, request: { from: 'external', to: 'http://192.168.255.103:31101/' }, hop: 7 }, { why: { kind: 'link' }, notice: { key: 'share.notice.opened', tone: 'info', action: 'undo' } });
    let now = useStore.getState();
    expect(now.textVersion).toBe(version + 1);
    expect(now.cluster.pods.filter((p) => p.namespace === 'default')).toHaveLength(3);
    expect(now.trace.request.to).toBe('http://192.168.255.103:31101/');
    expect(now.player.step).toBe(7);
    // What it replaced is the newest entry of the history, and Undo restores that entry.
    expect(now.history[0]).toMatchObject({ id: now.replaced, why: { kind: 'link' }, request: nodePortLesson.request, hop: 3, lesson: { id: 'nodeport', step: 0 }, size: nodePortLesson.yaml.length });
    now.undoReplace();
    now = useStore.getState();
    expect(now.text).toBe(nodePortLesson.yaml);
    expect(now.request).toEqual(nodePortLesson.request);
    expect(now.player.step).toBe(3);
    expect(now.replaced).toBeUndefined();
    expect(now.notice?.key).toBe('share.notice.undone');
  });

  it('offers no Undo when nothing of the user was replaced', () => {
    const s = useStore.getState();
    const kept = s.history.length;
    s.replaceDocument({ yaml: s.text, request: s.request }, { why: { kind: 'link' }, notice: { key: 'share.notice.opened', tone: 'info', action: 'undo' } });
    expect(useStore.getState().replaced).toBeUndefined();
    expect(useStore.getState().history).toHaveLength(kept);
  });
});

describe('embed mode', () => {
  it('is asked for by ?embed=1 or #embed', () => {
    expect(embedRequested({ search: '?embed=1', hash: '#s=1.x' })).toBe(true);
    expect(embedRequested({ search: '', hash: '#embed&s=1.x' })).toBe(true);
    expect(embedRequested({ search: '?embed=0', hash: '' })).toBe(false);
    expect(embedRequested({ search: '?x=1', hash: '#s=1.x' })).toBe(false);
    expect(embedRequested(undefined)).toBe(false);
  });
});
