/**
 * The cluster the animation benchmark plays on: 20 nodes and 200 pods (20 Deployments of 10,
 * each behind a Service of mixed types), written as bench/clusters.ts writes clusters, and a
 * request to the first NodePort Service that the engine traces end to end.
 */
import { buildCluster } from '../src/engine/build';
import { traceRequest } from '../src/engine/trace/trace';
import type { TraceRequest } from '../src/engine/trace/types';
import { nodePortTarget } from './check';
import { generatedSize } from './clusters';

export const FPS_SHAPE = { label: '20 nodes, 200 pods', nodes: 20, deployments: 20, replicas: 10 };

export function fpsScenario(): { label: string; yaml: string; request: TraceRequest; hops: number } {
  const size = generatedSize(FPS_SHAPE);
  const cluster = buildCluster(size.text);
  const pods = cluster.pods.filter((p) => !p.system).length;
  if (cluster.nodes.length !== 20 || pods !== 200) throw new Error(`fps cluster: expected 20 nodes and 200 pods, built ${cluster.nodes.length} and ${pods}`);
  const request: TraceRequest = { from: 'external', to: `http://${nodePortTarget(cluster)}/` };
  const trace = traceRequest(cluster, request);
  if (trace.outcome !== 'served') throw new Error(`fps cluster: the request to ${request.to} is ${trace.outcome}, not served`);
  return { label: FPS_SHAPE.label, yaml: size.text, request, hops: trace.hops.length };
}
