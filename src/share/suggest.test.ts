import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { nodePortLesson } from '../lessons/nodeport';
import { stillReaches, suggestRequest } from './suggest';

const dump = buildCluster(readFileSync(new URL('../engine/import/testdata/kubeadm-3node.yaml', import.meta.url), 'utf8'));
const lesson = buildCluster(nodePortLesson.yaml);

describe('the request after a file is opened', () => {
  it('stays when it still reaches the new cluster', () => {
    expect(stillReaches(lesson, nodePortLesson.request)).toBe(true);
    expect(suggestRequest(lesson, nodePortLesson.request)).toBe(nodePortLesson.request);
    expect(suggestRequest(dump, { from: 'external', to: 'http://nginx.example/' })).toEqual({ from: 'external', to: 'http://nginx.example/' });
  });

  it('goes from the outside host to the first NodePort on the first worker when the old target is gone', () => {
    expect(stillReaches(dump, nodePortLesson.request)).toBe(false);
    expect(suggestRequest(dump, nodePortLesson.request)).toEqual({ from: 'external', to: 'http://192.168.56.11:30080/' });
  });

  it('goes from a pod to a ClusterIP Service by name when there is no NodePort', () => {
    const yaml = nodePortLesson.yaml.replace('  type: NodePort\n', '').replace('    nodePort: 31101\n', '');
    expect(suggestRequest(buildCluster(yaml), { from: 'pod/default/gone', to: 'http://10.1.2.3/' })).toEqual({
      from: expect.stringMatching(/^pod\/default\/my-nginx-deploment-/),
      to: 'http://my-nginx-deploment.default:8001/',
    });
  });
});
