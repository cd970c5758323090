/**
 * The built-in lessons, in the order the picker lists them: from one Service inside the cluster
 * out to the ways in from outside, then the pod network underneath. The first is the one the
 * app opens on.
 */
import { calicoVethLesson } from './calicoveth';
import { clusterIpLesson } from './clusterip';
import { deletePodLesson } from './deletepod';
import { egressDnsLesson } from './egressdns';
import { endpointsLesson } from './endpoints';
import { externalNameLesson } from './externalname';
import { headlessLesson } from './headless';
import { hostNetworkLesson } from './hostnetwork';
import { hostPortLesson } from './hostport';
import { ingressLesson } from './ingress';
import { ipvsLesson } from './ipvs';
import { loadBalancerLesson } from './loadbalancer';
import { networkPolicyLesson } from './networkpolicy';
import { networkPolicyFlannelLesson } from './networkpolicyflannel';
import { nodePortLesson } from './nodeport';
import { podNetworkLesson } from './podnetwork';
import { proxyModesLesson } from './proxymodes';
import { portForwardLesson } from './portforward';
import { threePortsLesson } from './threeports';
import type { Lesson } from './types';

export const lessons: Lesson[] = [
  nodePortLesson,
  clusterIpLesson,
  threePortsLesson,
  deletePodLesson,
  endpointsLesson,
  headlessLesson,
  externalNameLesson,
  loadBalancerLesson,
  hostNetworkLesson,
  hostPortLesson,
  portForwardLesson,
  ingressLesson,
  podNetworkLesson,
  ipvsLesson,
  proxyModesLesson,
  // NetworkPolicy and Calico (issue 17).
  calicoVethLesson,
  networkPolicyLesson,
  networkPolicyFlannelLesson,
  egressDnsLesson,
];
/** The lesson the app opens on (load.ts says the same for the page). */
export const defaultLesson: Lesson = nodePortLesson;

/** The lesson of an id, if there is one. */
export function lessonById(id: string): Lesson | undefined {
  return lessons.find((l) => l.id === id);
}

export type { Lesson };
