/**
 * The NodePort lesson's cluster with `count` more ClusterIP Services in front of its pods
 * (other-0…, ports 81…): a KUBE-SERVICES chain long enough to fold, for the fold's unit and e2e tests.
 */
import { nodePortLesson } from '../lessons/nodeport';

export function nodePortWithServices(count: number): string {
  const more = Array.from({ length: count }, (_, i) => `---
apiVersion: v1
kind: Service
metadata:
  name: other-${i}
spec:
  selector:
    app: my-nginx
  ports:
  - port: ${81 + i}
    targetPort: 80
`);
  return nodePortLesson.yaml + more.join('');
}
