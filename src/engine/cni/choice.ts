/**
 * Which network plugin the cluster runs, chosen in the YAML as on a real cluster: flannel (the
 * kubeadm tutorial's choice, and Podpath's default) unless an `Installation`
 * (operator.tigera.io/v1) named `default` is present, which is how the Tigera operator installs
 * Calico. Its `spec.calicoNetwork.ipPools` say which pod addresses Calico hands out and how they
 * cross between nodes.
 *
 * Modelled on Calico v3.29 (tigera/operator v1.36): api/v1/installation_types.go for the fields
 * and their defaults (encapsulation IPIP, natOutgoing Enabled, blockSize 26 for IPv4). Without
 * ipPools the operator makes one pool from the cluster's pod network CIDR (kubeadm's podSubnet).
 *
 * The difference that matters first: flannel alone enforces no NetworkPolicy; Calico (felix)
 * does.
 */
import { arr, num, obj, str } from '../fields';
import type { ClusterSettings } from '../model';
import type { ParsedObject } from '../parse';
import type { Diagnostic, Provenance } from '../types';
import { ENCAPSULATIONS, type Encapsulation } from '../admit/validation/installation';

/** One Calico IP pool, defaulted as the operator creates it. */
export interface CalicoPool {
  cidr: string;
  encapsulation: Encapsulation;
  natOutgoing: 'Enabled' | 'Disabled';
  blockSize: number;
  provenance?: Provenance;
}

/** The cluster's network plugin. */
export type CniChoice =
  | { plugin: 'flannel' }
  | { plugin: 'calico'; ipPools: CalicoPool[]; provenance?: Provenance };

export const FLANNEL: CniChoice = { plugin: 'flannel' };

/** Whether the plugin programs NetworkPolicy: flannel does not ("flanneld does not natively enforce Network Policies"). */
export function enforcesNetworkPolicy(cni: CniChoice | undefined): boolean {
  return cni?.plugin === 'calico';
}

/** Reads the plugin from the admitted objects. Never throws; odd values read as defaults. */
export function readCni(objects: ParsedObject[], settings: ClusterSettings): { cni: CniChoice; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const installations = objects.filter((o) => o.kind === 'Installation');
  for (const o of installations.filter((i) => i.name !== 'default')) {
    diagnostics.push({
      severity: 'warning',
      code: 'calico-installation-ignored',
      message: `the Tigera operator reads only the Installation named "default"; Installation ${o.name} is ignored`,
      key: 'diag.calicoInstallationIgnored',
      params: { name: o.name },
      range: o.paths['metadata.name'] ?? o.range,
      object: `Installation/default/${o.name}`,
    });
  }
  const installation = installations.find((o) => o.name === 'default');
  if (!installation) return { cni: FLANNEL, diagnostics };
  const id = `Installation/default/${installation.name}`;
  const network = obj(obj(installation.body.spec)?.calicoNetwork);
  const written = network && Array.isArray(network.ipPools) ? network.ipPools : undefined;
  const pools = written ?? [{ cidr: settings.podSubnet }];
  const ipPools = arr(pools).map((raw, i): CalicoPool => {
    const pool = obj(raw) ?? {};
    const range = installation.paths[`spec.calicoNetwork.ipPools.${i}`];
    return {
      cidr: str(pool.cidr) ?? settings.podSubnet,
      encapsulation: ENCAPSULATIONS.find((e) => e === pool.encapsulation) ?? 'IPIP',
      natOutgoing: pool.natOutgoing === 'Disabled' ? 'Disabled' : 'Enabled',
      blockSize: num(pool.blockSize) ?? 26,
      ...(written && range ? { provenance: { object: id, range } } : {}),
    };
  });
  return { cni: { plugin: 'calico', ipPools, provenance: { object: id, range: installation.range } }, diagnostics };
}
