/** For tests: seed 004's ExternalName, my-service in namespace prod, another name for a database outside the cluster. */
export const SEED004_EXTERNAL_NAME = `---
apiVersion: v1
kind: Namespace
metadata:
  name: prod
---
apiVersion: v1
kind: Service
metadata:
  name: my-service
  namespace: prod
spec:
  type: ExternalName
  externalName: my.database.example.com
`;
