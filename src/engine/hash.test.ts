import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base32, kubeProxyHash, sha256, safeEncodeString } from './hash';
import { endpointChainName, servicePortHash } from './kubeproxy/iptables';

describe('sha256 and base32', () => {
  it('agrees with node:crypto on inputs of every padding length', () => {
    for (let n = 0; n < 140; n++) {
      const text = 'k8s/svc:p'.repeat(n).slice(0, n) + 'é';
      const expected = createHash('sha256').update(text).digest();
      expect(Buffer.from(sha256(text))).toEqual(expected);
    }
  });
  it('encodes as RFC 4648 base32', () => {
    expect(base32(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
  });
});

describe('kube-proxy chain names (values asserted in upstream proxier_test.go)', () => {
  it.each([
    ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
    ['ns1/svc1', 'tcp', 'AQI2S6QIMU7PVVRP'],
    ['ns1/svc1:p80', 'sctp', 'GFCIFIA5VTFSTMSM'],
    ['ns2/svc2:p80', 'tcp', 'GNZBNJ2PO5MGZ6GT'],
    ['default/httpd-svc', 'tcp', 'IYRDZZKXS5EOQ6Q6'],
  ] as const)('%s %s → %s', (spn, proto, hash) => {
    expect(servicePortHash(spn, proto)).toBe(hash);
  });
  it('names endpoint chains from the service port, protocol and ip:port', () => {
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
    expect(endpointChainName('ns1/svc1', 'tcp', '10.0.1.1:80')).toBe('KUBE-SEP-3JOIVZTXZZRGORX4');
  });
  it('uses no separator before the protocol (old kube-proxy added ":")', () => {
    expect(kubeProxyHash('default/httpd-svc:tcp')).toBe('RL3JAE4GN7VOGDGP');
    // Article 001's endpoint chains, from its pods on 172.20.0.0/16, by the same older naming.
    expect(endpointChainName('default/httpd-svc:', 'tcp', '172.20.104.30:80')).toBe('KUBE-SEP-GSULT7CRYYSEJLVK');
    expect(endpointChainName('default/httpd-svc:', 'tcp', '172.20.135.20:80')).toBe('KUBE-SEP-VYMFHNMHVUQT37BD');
  });
});

describe('safeEncodeString', () => {
  it('maps digits into the consonant alphabet, as pod-template-hash does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});
