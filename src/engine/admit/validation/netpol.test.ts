/**
 * NetworkPolicy and Installation admission: the API server's (v1.28) and the operator CRD's
 * words, at the field's line; policyTypes defaulting; JSON decoding errors; and the Calico
 * choice they make.
 */
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../../build';

const errors = (text: string) => buildCluster(text).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message, d.range.start.line]);
const np = (spec: string, name = 'p') => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const pre = 'The NetworkPolicy "p" is invalid: ';

describe('NetworkPolicy validation (ValidateNetworkPolicy, v1.28)', () => {
  it('accepts the documentation example and stores it with its lines', () => {
    const text = np(`  podSelector:
    matchLabels: {role: db}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - ipBlock: {cidr: 172.17.0.0/16, except: [172.17.1.0/24]}
    - namespaceSelector: {matchLabels: {project: myproject}}
    - podSelector: {matchLabels: {role: frontend}}
    ports:
    - {protocol: TCP, port: 6379}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/24}
    ports:
    - {protocol: TCP, port: 5978}
`);
    const cluster = buildCluster(text);
    expect(errors(text)).toEqual([]);
    expect(cluster.networkPolicies).toEqual([{
      namespace: 'default', name: 'p',
      podSelector: { matchLabels: { role: 'db' }, matchExpressions: [] },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        peers: [
          { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
          { namespaceSelector: { matchLabels: { project: 'myproject' }, matchExpressions: [] } },
          { podSelector: { matchLabels: { role: 'frontend' }, matchExpressions: [] } },
        ],
        ports: [{ protocol: 'TCP', port: 6379 }],
        provenance: { object: 'NetworkPolicy/default/p', range: { start: { line: 10, column: 5 }, end: { line: 16, column: 1 } } },
      }],
      egress: [{
        peers: [{ ipBlock: { cidr: '10.0.0.0/24', except: [] } }],
        ports: [{ protocol: 'TCP', port: 5978 }],
        provenance: { object: 'NetworkPolicy/default/p', range: { start: { line: 17, column: 5 }, end: { line: 21, column: 1 } } },
      }],
      provenance: { object: 'NetworkPolicy/default/p', range: { start: { line: 1, column: 1 }, end: { line: 21, column: 1 } } },
    }]);
  });

  it('refuses bad ports: protocol, range, endPort (v1.28 prints the port as the bad endPort value), names', () => {
    expect(errors(np(`  podSelector: {}
  ingress:
  - ports:
    - {protocol: ICMP, port: 0}
    - {port: 90, endPort: 80}
    - {port: 90, endPort: 70000}
    - {port: http, endPort: 81}
    - {endPort: 81}
    - {port: Web_Port}
    - {port: "80"}
`))).toEqual([
      ['field-unsupported', `${pre}spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"`, 9],
      ['field-invalid', `${pre}spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive`, 9],
      ['field-invalid', `${pre}spec.ingress[0].ports[1].endPort: Invalid value: 90: must be greater than or equal to \`port\``, 10],
      ['field-invalid', `${pre}spec.ingress[0].ports[2].endPort: Invalid value: 70000: must be between 1 and 65535, inclusive`, 11],
      ['field-invalid', `${pre}spec.ingress[0].ports[3].endPort: Invalid value: 81: may not be specified when \`port\` is non-numeric`, 12],
      ['field-invalid', `${pre}spec.ingress[0].ports[4].endPort: Invalid value: 81: may not be specified when \`port\` is not specified`, 13],
      ['field-invalid', `${pre}spec.ingress[0].ports[5].port: Invalid value: "Web_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`, 14],
      ['field-invalid', `${pre}spec.ingress[0].ports[6].port: Invalid value: "80": must contain at least one letter (a-z)`, 15],
    ]);
  });

  it('refuses an empty peer, ipBlock with another peer, bad CIDRs and an except that is not a strict subset (stopping at the first bad except)', () => {
    expect(errors(np(`  podSelector: {}
  egress:
  - to:
    - {}
    - {ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}
    - {ipBlock: {cidr: ""}}
    - {ipBlock: {cidr: 10.0.0.0/33}}
    - {ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8, 11.0.0.0/16, nope, 10.1.0.0/40]}}
`))).toEqual([
      ['field-required', `${pre}spec.egress[0].to[0]: Required value: must specify a peer`, 9],
      ['field-forbidden', `${pre}spec.egress[0].to[1]: Forbidden: may not specify both ipBlock and another peer`, 10],
      ['field-required', `${pre}spec.egress[0].to[2].ipBlock.cidr: Required value`, 11],
      ['field-invalid', `${pre}spec.egress[0].to[3].ipBlock.cidr: Invalid value: "10.0.0.0/33": not a valid CIDR`, 12],
      ['field-invalid', `${pre}spec.egress[0].to[4].ipBlock.except[0]: Invalid value: "10.0.0.0/8": must be a strict subset of \`cidr\``, 13],
      ['field-invalid', `${pre}spec.egress[0].to[4].ipBlock.except[1]: Invalid value: "11.0.0.0/16": must be a strict subset of \`cidr\``, 13],
      ['field-invalid', `${pre}spec.egress[0].to[4].ipBlock.except[2]: Invalid value: "nope": not a valid CIDR`, 13],
    ]);
  });

  it('takes CIDRs as ParseCIDRSloppy does: host bits set, leading zeros, IPv6', () => {
    expect(errors(np(`  podSelector: {}
  ingress:
  - from:
    - {ipBlock: {cidr: 10.244.1.10/4, except: [010.244.0.0/16]}}
    - {ipBlock: {cidr: "fd00::/8", except: ["fd00:1::/32"]}}
    - {ipBlock: {cidr: "fd00::/8", except: [10.0.0.0/16]}}
`))).toEqual([
      ['field-invalid', `${pre}spec.ingress[0].from[2].ipBlock.except[0]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``, 11],
    ]);
  });

  it('checks selectors as label selectors', () => {
    expect(errors(np(`  podSelector:
    matchExpressions: [{key: app, operator: Like, values: [a]}]
  ingress:
  - from:
    - namespaceSelector: {matchExpressions: [{key: team, operator: In}]}
`))).toEqual([
      ['field-invalid', `${pre}spec.podSelector.matchExpressions[0].operator: Invalid value: "Like": not a valid selector operator`, 7],
      ['field-required', `${pre}spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`, 10],
    ]);
  });

  it('checks policyTypes after defaulting: more than two, or an unknown one', () => {
    expect(errors(np('  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]\n'))).toEqual([
      ['field-invalid', `${pre}spec.policyTypes: Invalid value: []networking.PolicyType{"Ingress", "Egress", "Ingress"}: may not specify more than two policyTypes`, 7],
    ]);
    expect(errors(np('  podSelector: {}\n  policyTypes: [ingress]\n'))).toEqual([
      ['field-unsupported', `${pre}spec.policyTypes[0]: Unsupported value: "ingress": supported values: "Ingress", "Egress"`, 7],
    ]);
  });

  it('refuses a bad name as a DNS subdomain', () => {
    expect(errors(np('  podSelector: {}\n', 'Deny_All')).map((e) => e[1])).toEqual([
      "The NetworkPolicy \"Deny_All\" is invalid: metadata.name: Invalid value: \"Deny_All\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it('refuses wrong JSON types with the decoder\'s error, before validation', () => {
    expect(errors(np('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 80, endPort: "90"}\n'))).toEqual([
      ['wrong-type', 'NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: json: cannot unmarshal string into Go struct field NetworkPolicyPort.spec.ingress.ports.endPort of type int32', 9],
    ]);
    expect(errors(np('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8, except: 10.1.0.0/16}\n'))).toEqual([
      ['wrong-type', 'NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: json: cannot unmarshal string into Go struct field IPBlock.spec.ingress.from.ipBlock.except of type []string', 9],
    ]);
    expect(errors(np('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 80.5}\n'))).toEqual([
      ['not-an-integer', 'NetworkPolicy in version "v1" cannot be handled as a NetworkPolicy: json: cannot unmarshal number 80.5 into Go struct field NetworkPolicyPort.spec.ingress.ports.port of type int32', 9],
    ]);
  });

  it('refuses a policy in a namespace that does not exist, and a second one of the same name', () => {
    const text = `${np('  podSelector: {}\n').replace('  name: p\n', '  name: p\n  namespace: prod\n')}\n---\n${np('  podSelector: {}\n')}\n---\n${np('  podSelector: {}\n')}`;
    expect(errors(text)).toEqual([
      ['duplicate-object', 'networkpolicies.networking.k8s.io "p" already exists', 18],
      ['namespace-not-found', 'namespaces "prod" not found', 5],
    ]);
  });
});

describe('policyTypes defaulting (SetDefaults_NetworkPolicy)', () => {
  const types = (spec: string) => buildCluster(np(spec)).networkPolicies?.map((p) => p.policyTypes);
  it.each([
    ['no rules', '  podSelector: {}\n', ['Ingress']],
    ['ingress rules only', '  podSelector: {}\n  ingress: [{}]\n', ['Ingress']],
    ['egress rules only: Ingress too, so it also denies all ingress', '  podSelector: {}\n  egress: [{}]\n', ['Ingress', 'Egress']],
    ['egress: [] does not count', '  podSelector: {}\n  egress: []\n', ['Ingress']],
    ['policyTypes: [] is defaulted too', '  podSelector: {}\n  policyTypes: []\n  egress: [{}]\n', ['Ingress', 'Egress']],
    ['written policyTypes stay', '  podSelector: {}\n  policyTypes: [Egress]\n', ['Egress']],
  ])('%s', (_name, spec, expected) => {
    expect(types(spec)).toEqual([expected]);
  });

  it('defaults a port\'s protocol to TCP, keeps endPort only with a numeric port', () => {
    const p = buildCluster(np('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 80, endPort: 90}\n    - {port: dns, protocol: UDP}\n    - {protocol: SCTP}\n')).networkPolicies?.[0];
    expect(p?.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 80, endPort: 90 }, { protocol: 'UDP', port: 'dns' }, { protocol: 'SCTP' }]);
  });
});

describe('the network plugin: flannel unless an Installation named default says Calico', () => {
  const inst = (spec: string, name = 'default') => `apiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

  it('is flannel without an Installation', () => {
    expect(buildCluster('').cni).toEqual({ plugin: 'flannel' });
  });

  it('is Calico with the pools the Installation gives, defaulted as the operator does', () => {
    const text = inst('  calicoNetwork:\n    ipPools:\n    - {cidr: 10.244.0.0/16, encapsulation: VXLANCrossSubnet}\n    - {cidr: 10.245.0.0/16, natOutgoing: Disabled, blockSize: 24}\n');
    expect(errors(text)).toEqual([]);
    expect(buildCluster(text).cni).toEqual({
      plugin: 'calico',
      ipPools: [
        { cidr: '10.244.0.0/16', encapsulation: 'VXLANCrossSubnet', natOutgoing: 'Enabled', blockSize: 26, provenance: { object: 'Installation/default/default', range: { start: { line: 8, column: 7 }, end: { line: 8, column: 61 } } } },
        { cidr: '10.245.0.0/16', encapsulation: 'IPIP', natOutgoing: 'Disabled', blockSize: 24, provenance: { object: 'Installation/default/default', range: { start: { line: 9, column: 7 }, end: { line: 9, column: 66 } } } },
      ],
      provenance: { object: 'Installation/default/default', range: { start: { line: 1, column: 1 }, end: { line: 10, column: 1 } } },
    });
  });

  it('without ipPools, one pool from the cluster\'s pod subnet', () => {
    expect(buildCluster(inst('  calicoNetwork: {}\n')).cni).toMatchObject({ plugin: 'calico', ipPools: [{ cidr: '10.244.0.0/16', encapsulation: 'IPIP', natOutgoing: 'Enabled', blockSize: 26 }] });
  });

  it('refuses an encapsulation outside the CRD\'s enum, a pool without cidr, and wrong types', () => {
    const text = inst('  calicoNetwork:\n    ipPools:\n    - {cidr: 10.244.0.0/16, encapsulation: GRE}\n    - {encapsulation: 5, natOutgoing: true}\n    - {cidr: 10, blockSize: 26.5}\n');
    const pre2 = 'The Installation "default" is invalid: spec.calicoNetwork.ipPools';
    expect(errors(text)).toEqual([
      ['field-unsupported', `${pre2}[0].encapsulation: Unsupported value: "GRE": supported values: "IPIPCrossSubnet", "IPIP", "VXLAN", "VXLANCrossSubnet", "None"`, 8],
      ['field-required', `${pre2}[1].cidr: Required value`, 9],
      ['field-invalid', `${pre2}[1].encapsulation: Invalid value: "integer": spec.calicoNetwork.ipPools[1].encapsulation in body must be of type string: "integer"`, 9],
      ['field-invalid', `${pre2}[1].natOutgoing: Invalid value: "boolean": spec.calicoNetwork.ipPools[1].natOutgoing in body must be of type string: "boolean"`, 9],
      ['field-invalid', `${pre2}[2].cidr: Invalid value: "integer": spec.calicoNetwork.ipPools[2].cidr in body must be of type string: "integer"`, 10],
      ['field-invalid', `${pre2}[2].blockSize: Invalid value: "number": spec.calicoNetwork.ipPools[2].blockSize in body must be of type integer: "number"`, 10],
    ]);
    // Refused: the cluster stays flannel.
    expect(buildCluster(text).cni).toEqual({ plugin: 'flannel' });
  });

  it('ignores an Installation not named default, as the operator does, and says so', () => {
    const cluster = buildCluster(inst('  calicoNetwork: {}\n', 'calico'));
    expect(cluster.cni).toEqual({ plugin: 'flannel' });
    expect(cluster.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['warning', 'calico-installation-ignored', 'the Tigera operator reads only the Installation named "default"; Installation calico is ignored'],
    ]);
  });
});
