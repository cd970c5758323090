/**
 * kubectl apply semantics in the app: an edit the API server refuses keeps the object's last
 * accepted version running (issue 15: "a Service with nodePort: 80 disappears and the request is
 * REFUSED"), across edits and across a reload; a document replaced from outside starts afresh.
 */
import { describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { MemoryStorage, reload } from './testing';

const BAD = nodePortLesson.yaml.replace('nodePort: 31101', 'nodePort: 80');
const ID = 'Service/default/my-nginx-deploment';
type State = { cluster: { kept: string[]; services: { name: string; ports: { nodePort?: number }[] }[] }; trace: { outcome: string } };
const nodePort = (s: State) => s.cluster.services.find((x) => x.name === 'my-nginx-deploment')?.ports[0].nodePort;

describe('an edit the API server refuses', () => {
  it('keeps the Service running at its accepted node port, and the request still served', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', nodePortLesson.yaml);
    const { state } = await reload(storage);
    state().setText(BAD);
    state().rebuild();
    expect(nodePort(state())).toBe(31101);
    expect(state().cluster.kept).toEqual([ID]);
    expect(state().trace.outcome).toBe('served');
    expect(state().diagnostics.find((d) => d.object === ID && d.severity === 'error')?.code).toBe('nodeport-out-of-range');
  });

  it('still keeps it after a reload: the last text accepted whole is applied under the saved one', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', nodePortLesson.yaml);
    const first = await reload(storage);
    first.state().rebuild();
    first.state().setText(BAD);
    first.state().rebuild();
    // The refused text is saved as typed; the last good one is the text accepted whole.
    expect(storage.getItem('podpath.yaml')).toBe(BAD);
    expect(storage.getItem('podpath.lastGood')).toBe(nodePortLesson.yaml);
    const { state } = await reload(storage);
    expect(state().text).toBe(BAD);
    expect(nodePort(state())).toBe(31101);
    expect(state().cluster.kept).toEqual([ID]);
  });

  it('does not reach across documents: a replaced document with the refused Service has none', async () => {
    const storage = new MemoryStorage();
    storage.setItem('podpath.yaml', nodePortLesson.yaml);
    const { state } = await reload(storage);
    state().replaceDocument({ yaml: BAD, request: nodePortLesson.request }, { why: { kind: 'link' } });
    expect(nodePort(state())).toBeUndefined();
    expect(state().cluster.kept).toEqual([]);
    expect(state().trace.outcome).toBe('refused');
  });
});
