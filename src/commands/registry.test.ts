import { beforeEach, describe, expect, it } from 'vitest';
import { nodePortLesson } from '../lessons/nodeport';
import { useStore } from '../store';
import { commandForChord, commandForKey, commandsFor, keyLabel, staticCommands, type Command } from './registry';
import { whatIfCommands } from './whatifCommands';

const s = () => useStore.getState();
const command = (id: string): Command => commandsFor(s()).find((c) => c.id === id)!;
const run = (id: string) => {
  const c = command(id);
  expect(c.enabled(s()), `${id} enabled`).toBe(true);
  return c.perform(s());
};
const chord = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const key = (k: string) => k;

beforeEach(() => {
  s().loadLesson(nodePortLesson.id);
  useStore.setState({ requests: [{ id: 1, color: 0, request: nodePortLesson.request }], activeRequest: 0, presenter: false, follow: false, paletteOpen: false, editorHidden: false, focus: null, selectedElement: null });
  s().dispatch({ type: 'load', total: s().trace.hops.length });
});

describe('player commands', () => {
  it.each([
    ['toggle', ' ', 'playing', 0],
    ['stepForward', 'ArrowRight', 'paused', 1],
    ['end', 'End', 'finished', 47],
  ] as const)('%s (key %j) from the start', (id, k, status, step) => {
    expect(commandForKey(key(k))?.id).toBe(id);
    run(id);
    expect([s().player.status, s().player.step]).toEqual([status, step]);
  });
  it('step back and back to start, and they are disabled at the start', () => {
    expect(command('stepBack').enabled(s())).toBe(false);
    expect(command('reset').enabled(s())).toBe(false);
    run('end');
    run('stepBack');
    expect([s().player.status, s().player.step]).toEqual(['paused', 46]);
    run('reset');
    expect([s().player.status, s().player.step]).toEqual(['idle', 0]);
    expect(command('toggle').label(s())).toBe('player.play');
    run('toggle');
    expect(command('toggle').label(s())).toBe('player.pause');
  });
  it('slower and faster walk the speeds, and stop at their ends', () => {
    run('faster');
    expect(s().player.speed).toBe(2);
    run('faster');
    expect(command('faster').enabled(s())).toBe(false);
    for (let i = 0; i < 4; i++) run('slower');
    expect(s().player.speed).toBe(0.25);
    expect(command('slower').enabled(s())).toBe(false);
  });
});

describe('request commands', () => {
  it('add keeps the request and shows a copy in a new color; 1 and 2 switch between them', () => {
    run('addRequest');
    expect(s().requests.map((r) => r.color)).toEqual([0, 1]);
    expect(s().activeRequest).toBe(1);
    s().setRequest({ to: 'http://192.168.255.101:31101/' });
    expect(commandForKey(key('1'))?.id).toBe('request1');
    run('request1');
    expect(s().request.to).toBe('http://192.168.255.102:31101/');
    expect(s().request.pick).toBe(2);
    run('request2');
    expect(s().request.to).toBe('http://192.168.255.101:31101/');
    expect(command('request2').pressed!(s())).toBe(true);
    expect(command('request3').enabled(s())).toBe(false);
    run('removeRequest');
    expect(s().requests).toHaveLength(1);
    expect(s().request.to).toBe('http://192.168.255.102:31101/');
    expect(command('removeRequest').enabled(s())).toBe(false);
  });
});

describe('view commands', () => {
  it('presenter mode follows the packet and gives the choice back when it ends; Escape leaves it', () => {
    expect(command('leavePresenter').enabled(s())).toBe(false);
    run('presenter');
    expect([s().presenter, s().follow]).toEqual([true, true]);
    expect(command('editor').enabled(s())).toBe(false);
    expect(commandForKey(key('Escape'))?.id).toBe('leavePresenter');
    run('leavePresenter');
    expect([s().presenter, s().follow]).toEqual([false, false]);
    run('follow');
    expect(s().follow).toBe(true);
  });
  it('the editor toggle and the command list', () => {
    run('editor');
    expect(s().editorHidden).toBe(true);
    expect(command('editor').label(s())).toBe('view.editorShow');
    expect(commandForChord(chord('k', { ctrlKey: true }))?.id).toBe('commands');
    expect(commandForChord(chord('k', { metaKey: true }))?.id).toBe('commands');
    expect(commandForChord(chord('k', { ctrlKey: true, altKey: true }))).toBeUndefined();
    expect(commandForKey('k')).toBeUndefined();
    expect(commandForKey('?')?.id).toBe('commands');
    run('commands');
    expect(s().paletteOpen).toBe(true);
  });
});

describe('what-if commands', () => {
  const ids = () => whatIfCommands(s()).map((c) => c.id);
  it('are made from the cluster: one per object they change', () => {
    expect(ids()).toEqual([
      'scaleUp:Deployment/default/my-nginx-deploment',
      'scaleDown:Deployment/default/my-nginx-deploment',
      'notReady:Deployment/default/my-nginx-deploment',
      'deletePod:default/my-nginx-deploment-55f596c87c-bzw22',
      'deletePod:default/my-nginx-deploment-55f596c87c-lpgt8',
      'etp:Service/default/my-nginx-deploment',
      'proxyMode:ipvs',
      'proxyMode:nftables',
      'proxyMode:userspace',
    ]);
    const pods = s().cluster.pods.filter((p) => !p.system).map((p) => `pod/default/${p.name}`);
    expect(command('scaleUp:Deployment/default/my-nginx-deploment').elements).toEqual(pods);
    expect(command('etp:Service/default/my-nginx-deploment').elements).toEqual(['svc/default/my-nginx-deploment']);
    expect(command('proxyMode:nftables').elements).toEqual(['node/master01/netfilter', 'node/node01/netfilter', 'node/node02/netfilter']);
  });
  it('scale up edits the YAML and the cluster follows at once', async () => {
    await run('scaleUp:Deployment/default/my-nginx-deploment');
    expect(s().text).toContain('replicas: 3');
    expect(s().cluster.pods.filter((p) => !p.system)).toHaveLength(3);
    const up = command('scaleUp:Deployment/default/my-nginx-deploment');
    expect([up.label(s()), up.params!(s())]).toEqual(['whatif.scale', { kind: 'Deployment', name: 'my-nginx-deploment', from: 3, to: 4 }]);
    await run('scaleDown:Deployment/default/my-nginx-deploment');
    expect(s().text).toBe(nodePortLesson.yaml);
  });
  it('an edit whose code arrives after the text was typed over leaves the new text alone', async () => {
    const pending = run('scaleUp:Deployment/default/my-nginx-deploment');
    const typed = nodePortLesson.yaml.replace('nginx:1.26', 'nginx:1.27');
    s().setText(typed);
    await pending;
    expect(s().text).toBe(typed);
  });
  it('delete pod: the controller replaces it with a new name and the next address, the endpoints and the trace follow', async () => {
    expect(command('deletePod:default/my-nginx-deploment-55f596c87c-lpgt8').elements).toEqual(['pod/default/my-nginx-deploment-55f596c87c-lpgt8']);
    await run('deletePod:default/my-nginx-deploment-55f596c87c-lpgt8');
    expect(s().text).toContain('  annotations:\n    podpath.dev/deleted-pods: my-nginx-deploment-55f596c87c-lpgt8\n');
    expect(s().cluster.pods.filter((p) => !p.system).map((p) => [p.name, p.node, p.ip])).toEqual([
      ['my-nginx-deploment-55f596c87c-bzw22', 'node01', '10.244.1.2'],
      ['my-nginx-deploment-55f596c87c-gsb2t', 'node02', '10.244.2.3'],
    ]);
    expect(s().cluster.services.find((x) => x.name === 'my-nginx-deploment')!.clusterIP).toBe('10.108.229.67');
    expect(s().trace.candidates.map((c) => [c.pod, c.ip, c.probability])).toEqual([
      ['my-nginx-deploment-55f596c87c-bzw22', '10.244.1.2', 0.5],
      ['my-nginx-deploment-55f596c87c-gsb2t', '10.244.2.3', 0.5],
    ]);
    expect(ids()).not.toContain('deletePod:default/my-nginx-deploment-55f596c87c-lpgt8');
    expect(ids()).toContain('deletePod:default/my-nginx-deploment-55f596c87c-gsb2t');
  });
  it('not ready empties the Service, and its record turns into "ready again"', async () => {
    await run('notReady:Deployment/default/my-nginx-deploment');
    expect(s().cluster.pods.filter((p) => !p.system).every((p) => !p.ready)).toBe(true);
    expect(s().trace.outcome).not.toBe('served');
    await run('ready:Deployment/default/my-nginx-deploment');
    expect(s().text).toBe(nodePortLesson.yaml);
    expect(s().trace.outcome).toBe('served');
  });
  it('externalTrafficPolicy Local, then Cluster', async () => {
    await run('etp:Service/default/my-nginx-deploment');
    expect(s().cluster.services.find((x) => x.name === 'my-nginx-deploment')!.externalTrafficPolicy).toBe('Local');
    expect(command('etp:Service/default/my-nginx-deploment').params!(s())).toEqual({ name: 'my-nginx-deploment', to: 'Cluster' });
  });
  it('kube-proxy to IPVS, nftables, userspace and back: the trace follows each mode', async () => {
    await run('proxyMode:ipvs');
    expect(s().cluster.settings.proxy.mode).toBe('ipvs');
    expect(s().trace.hops.some((h) => h.kind === 'ipvs')).toBe(true);
    expect(whatIfCommands(s()).filter((c) => c.id.startsWith('proxyMode:')).map((c) => c.params!(s()))).toEqual([{ mode: 'iptables' }, { mode: 'nftables' }, { mode: 'userspace' }]);
    await run('proxyMode:nftables');
    expect(s().cluster.settings.proxy.mode).toBe('nftables');
    expect(s().trace.hops.some((h) => h.netfilter?.rules.some((r) => r.matched && r.text.includes('@service-nodeports')))).toBe(true);
    await run('proxyMode:userspace');
    expect(s().cluster.settings.proxy.mode).toBe('userspace');
    expect(s().trace.hops.some((h) => h.netfilter?.rules.some((r) => r.matched && r.text.startsWith('-A KUBE-NODEPORT-CONTAINER')))).toBe(true);
    await run('proxyMode:iptables');
    expect(s().cluster.settings.proxy.mode).toBe('iptables');
    expect(s().text).toContain('mode: iptables');
  });
  it('are disabled while the YAML does not parse (the picture is the last good one)', () => {
    useStore.setState({ stale: true });
    expect(whatIfCommands(s()).every((c) => !c.enabled(s()))).toBe(true);
  });
});

describe('keys', () => {
  it('plain keys match as typed, letters in either case; chords only with Ctrl or ⌘', () => {
    expect(commandForKey('P')?.id).toBe('presenter');
    expect(commandForKey('x')).toBeUndefined();
    expect(commandForChord(chord('p', { ctrlKey: true }))).toBeUndefined();
    expect([' ', 'ArrowLeft', 'Mod+k', 'Mod+Shift+l'].map(keyLabel)).toEqual(['Space', '←', 'Ctrl+K', 'Ctrl+Shift+L']);
  });
  it('no two commands share a key', () => {
    const keys = staticCommands.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
