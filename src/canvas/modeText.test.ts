import { describe, expect, it } from 'vitest';
import { buildCluster } from '../engine';
import { headlessLesson } from '../lessons/headless';
import { nodePortLesson } from '../lessons/nodeport';
import { serviceNoteKey, servicePortLine } from './modeText';

const service = (yaml: string, name: string) => buildCluster(yaml).services.find((s) => s.name === name)!;

const externalName = `apiVersion: v1
kind: Service
metadata:
  name: my-service
spec:
  type: ExternalName
  externalName: my.database.example.com
  ports:
  - port: 80
`;

describe("a Service's box", () => {
  it('shows the address kube-proxy catches, the node port and the target port', () => {
    const svc = service(nodePortLesson.yaml, 'my-nginx-deploment');
    expect(svc.ports.map((p) => servicePortLine(svc, p))).toEqual(['10.108.229.67:8001/TCP · nodePort 31101 → targetPort 80']);
    expect(serviceNoteKey(svc, 'iptables')).toBe('canvas.serviceVirtual');
    expect(serviceNoteKey(svc, 'ipvs')).toBe('canvas.serviceVirtualIpvs');
    expect(serviceNoteKey(svc, 'nftables')).toBe('canvas.serviceVirtualNft');
  });

  it('says a headless Service has no address and no kube-proxy rules, whatever the mode', () => {
    const svc = service(headlessLesson.yaml, 'headless-service');
    expect(svc.clusterIP).toBe('None');
    expect(svc.ports.map((p) => servicePortLine(svc, p))).toEqual(['None · 80/TCP → targetPort 80']);
    for (const mode of ['iptables', 'ipvs', 'nftables', 'userspace'] as const) expect(serviceNoteKey(svc, mode)).toBe('canvas.serviceHeadless');
  });

  it('lists an ExternalName Service’s ports as kubectl does, and says DNS answers with a CNAME', () => {
    const svc = service(externalName, 'my-service');
    expect(svc.ports.map((p) => servicePortLine(svc, p))).toEqual(['80/TCP']);
    expect(serviceNoteKey(svc, 'iptables')).toBe('canvas.serviceExternalName');
  });
});
