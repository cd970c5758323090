/**
 * The Tigera operator's Installation that makes a test cluster a Calico cluster (one pool over
 * the default pod network), as a document to append after `---`-free YAML.
 */
export const calicoInstallation = (encapsulation = 'IPIP') => `---
apiVersion: operator.tigera.io/v1
kind: Installation
metadata:
  name: default
spec:
  calicoNetwork:
    ipPools:
    - cidr: 10.244.0.0/16
      encapsulation: ${encapsulation}
`;
