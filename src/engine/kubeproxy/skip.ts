/**
 * The Services kube-proxy writes nothing for, in every mode: no cluster IP (a headless Service's
 * is "None", an ExternalName Service has none), or type ExternalName. DNS answers for them: the
 * pods' addresses, or a CNAME. kubernetes pkg/proxy/util/utils.go ShouldSkipService.
 */
import type { ServiceInfo } from '../model';

export function skippedByKubeProxy(svc: Pick<ServiceInfo, 'clusterIP' | 'type'>): boolean {
  return svc.clusterIP === '' || svc.clusterIP === 'None' || svc.type === 'ExternalName';
}
