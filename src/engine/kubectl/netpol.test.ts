/**
 * `kubectl get networkpolicy` (netpol): kubectl's columns NAME, POD-SELECTOR, AGE
 * (printers.go printNetworkPolicy, the selector as metav1.FormatLabelSelector prints it), and the
 * object as the API server stores it, policyTypes and port protocols defaulted.
 */
import { describe, expect, it } from 'vitest';
import { allowFrontend, denyIngress, netpolPods } from '../../lessons/netpolyaml';
import { clusterApi, DEFAULT_CLOCK } from '../api/index';
import { buildCluster } from '../build';
import { parseManifests } from '../parse';
import { formatLabelSelector } from './columns';
import { kubectlGet, type GetRequest } from './get';

const selectors = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-egress
  namespace: frontend
spec:
  podSelector:
    matchLabels:
      tier: web
      app: web
    matchExpressions:
    - key: env
      operator: NotIn
      values: [prod, dev]
    - key: canary
      operator: DoesNotExist
  egress:
  - ports:
    - port: 53
      protocol: UDP
    - port: 80
`;
const yaml = netpolPods + denyIngress + allowFrontend + selectors;

function get(request: GetRequest) {
  return kubectlGet(request, clusterApi(buildCluster(yaml), parseManifests(yaml).objects), DEFAULT_CLOCK.now);
}

describe('kubectl get networkpolicy', () => {
  it('-A: NAMESPACE, NAME, POD-SELECTOR and AGE, by namespace then name', () => {
    expect(get({ resource: 'networkpolicies', allNamespaces: true }).stdout).toBe(`NAMESPACE   NAME                   POD-SELECTOR                                    AGE
backend     allow-from-frontend    <none>                                          5m
backend     default-deny-ingress   <none>                                          5m
frontend    web-egress             app=web,!canary,env notin (dev,prod),tier=web   5m
`);
  });

  it('answers to netpol and networkpolicy.networking.k8s.io, in one namespace, and says NotFound with the group', () => {
    expect(get({ resource: 'netpol', namespace: 'backend' }).stdout).toBe(`NAME                   POD-SELECTOR   AGE
allow-from-frontend    <none>         5m
default-deny-ingress   <none>         5m
`);
    expect(get({ resource: 'networkpolicy.networking.k8s.io', namespace: 'backend', output: 'name' }).stdout)
      .toBe('networkpolicy.networking.k8s.io/allow-from-frontend\nnetworkpolicy.networking.k8s.io/default-deny-ingress\n');
    expect(get({ resource: 'netpol', names: ['nope'] }).stderr).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "nope" not found\n');
  });

  it('-o json: the stored object, with policyTypes and protocols defaulted', () => {
    const o = JSON.parse(get({ resource: 'netpol', namespace: 'frontend', names: ['web-egress'], output: 'json' }).stdout) as { kind: string; metadata: { generation: number }; spec: Record<string, unknown> };
    expect([o.kind, o.metadata.generation]).toEqual(['NetworkPolicy', 1]);
    expect(o.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(o.spec.egress).toEqual([{ ports: [{ port: 53, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }] }]);
  });

  it('formats selectors as labels.Selector prints them', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { b: '2', a: '1' } })).toBe('a=1,b=2');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['x'] }, { key: 'e', operator: 'Exists' }] })).toBe('e,k in (x)');
  });
});
