/**
 * On a cluster whose CNI enforces no NetworkPolicy (flannel) but whose YAML has some, the
 * canvas itself says so, on one line at its foot (the request bar's note says why): the
 * picture shows connections the policies would cut going through, and a class must not read
 * that as allowed.
 */
import { Panel } from '@xyflow/react';
import { enforcesNetworkPolicy } from '../engine/cni/choice';
import { useT } from '../i18n/useT';
import { useStore } from '../store';
import './more.css';

export function PolicyMark() {
  const t = useT();
  const count = useStore((s) => (enforcesNetworkPolicy(s.cluster.cni) ? 0 : (s.cluster.networkPolicies?.length ?? 0)));
  if (count === 0) return null;
  return (
    <Panel position="bottom-center" className="policy-mark" data-testid="policy-mark" role="note">
      {t('canvas.policiesNotEnforced', { count })}
    </Panel>
  );
}
