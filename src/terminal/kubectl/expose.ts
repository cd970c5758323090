/**
 * `kubectl expose TYPE NAME --port=P [--target-port=T] [--type=T] [--name=N]`: the Service
 * kubectl generates (staging/src/k8s.io/kubectl/pkg/cmd/expose/expose.go RunExpose and
 * pkg/generate/versioned/service.go ServiceGeneratorV2): the selector is the workload's
 * (MapBasedSelectorForObject: a Deployment's matchLabels, a Pod's labels, a Service's
 * selector), the labels are the object's own metadata.labels, one port with protocol TCP
 * whose targetPort is --target-port (a number when it parses as one) or the port itself;
 * without --port, the container ports of the pod template. `--dry-run=client -o yaml` prints
 * it as kubectl 1.28 does (metadata.creationTimestamp: null, status.loadBalancer: {}).
 */
import { clusterApi } from '../../engine/api/index';
import { arr, labels, obj } from '../../engine/fields';
import { toKubectlJson } from '../../engine/kubectl/json';
import { toKubectlYaml } from '../../engine/kubectl/yaml';
import { buildCluster } from '../../engine/build';
import { parseManifests } from '../../engine/parse';
import type { Ctx } from '../io';
import { append, findDoc, split } from '../yamlText';
import { str, type Parsed } from './flags';
import { RESOURCE_REQUIRED, targets } from './mutate';
import { kindOf } from './kinds';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

export function expose(ctx: Ctx, p: Parsed): number {
  if (p.args.length === 0) {
    ctx.io.err(RESOURCE_REQUIRED);
    return 1;
  }
  const found = targets(ctx, p.args);
  if (!found) return 1;
  const [{ kind, name }] = found;
  const namespace = str(p, 'namespace') ?? 'default';
  const k = kindOf(kind);
  const source = ctx.objects().find((o) => o.kind === kind && o.name === name && (o.namespace ?? 'default') === namespace);
  const system = kind === 'Service' ? ctx.state.cluster.services.find((s) => s.name === name && s.namespace === namespace) : undefined;
  if (!source && !system) {
    ctx.io.err(`Error from server (NotFound): ${k.resource} "${name}" not found\n`);
    return 1;
  }
  if (!['Deployment', 'ReplicaSet', 'Pod', 'Service', 'StatefulSet'].includes(kind)) {
    ctx.io.err(`error: cannot expose a ${kind}\n`);
    return 1;
  }
  const body = source?.body ?? {};
  const spec = obj(body.spec) ?? {};
  const template = obj(spec.template) ?? {};
  const podSpec = kind === 'Pod' ? spec : obj(template.spec) ?? {};
  const selector = kind === 'Pod' ? labels(obj(body.metadata)?.labels) : kind === 'Service' ? (system?.selector ?? {}) : labels(obj(spec.selector)?.matchLabels);
  if (Object.keys(selector).length === 0) {
    ctx.io.err(`error: couldn't retrieve selectors via --selector flag or introspection: the ${kind.toLowerCase()} has no selector\n`);
    return 1;
  }
  const type = str(p, 'type');
  if (type !== undefined && !TYPES.includes(type)) {
    ctx.io.err(`error: invalid value for --type: ${type}, must be one of: ${TYPES.join(', ')}\n`);
    return 1;
  }
  const protocol = str(p, 'protocol') ?? 'TCP';
  let ports: { name?: string; port: number }[];
  const port = str(p, 'port');
  if (port !== undefined) ports = [{ port: Number(port) }];
  else {
    const declared = kind === 'Service' ? (system?.ports ?? []).map((x) => x.port) : arr(podSpec.containers).flatMap((c) => arr(obj(c)?.ports).map((x) => Number(obj(x)?.containerPort)));
    if (declared.length === 0) {
      ctx.io.err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
      return 1;
    }
    ports = declared.map((n, i) => (declared.length > 1 ? { name: `port-${i + 1}`, port: n } : { port: n }));
  }
  const targetText = str(p, 'target-port');
  const target = (n: number) => (targetText === undefined ? n : /^\d+$/.test(targetText) ? Number(targetText) : targetText);
  const serviceName = str(p, 'name') ?? name;
  const objectLabels = labels(obj(body.metadata)?.labels);
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { creationTimestamp: null, ...(Object.keys(objectLabels).length > 0 ? { labels: objectLabels } : {}), name: serviceName, ...(namespace !== 'default' && str(p, 'namespace') ? { namespace } : {}) },
    spec: { ports: ports.map((x) => ({ ...(x.name ? { name: x.name } : {}), port: x.port, protocol, targetPort: target(x.port) })), selector, ...(type ? { type } : {}) },
    status: { loadBalancer: {} },
  };
  const output = str(p, 'output');
  const dryRun = str(p, 'dry-run');
  if (dryRun !== undefined && dryRun !== 'none' && dryRun !== 'client' && dryRun !== 'server') {
    ctx.io.err(`error: Invalid dry-run value (${dryRun}). Must be "none", "server", or "client".\n`);
    return 1;
  }
  if (dryRun === 'client') {
    if (output === 'yaml') ctx.io.out(toKubectlYaml(service));
    else if (output === 'json') ctx.io.out(toKubectlJson(service));
    else ctx.io.out(`service/${serviceName} exposed (dry run)\n`);
    return 0;
  }
  const yaml = ctx.effects.yaml ?? ctx.state.yaml;
  if (findDoc(split(yaml), { kind: 'Service', name: serviceName, namespace }) >= 0 || ctx.state.cluster.services.some((s) => s.name === serviceName && s.namespace === namespace)) {
    ctx.io.err(`Error from server (AlreadyExists): services "${serviceName}" already exists\n`);
    return 1;
  }
  // What goes into the YAML is what a person would keep in a file: no empty status, no null time.
  const { status: _status, ...stored } = service;
  const { creationTimestamp: _ts, ...metadata } = service.metadata;
  const next = append(yaml, toKubectlYaml({ ...stored, metadata }));
  const cluster = buildCluster(next);
  const refused = cluster.diagnostics.find((d) => d.severity === 'error' && d.object === `Service/${namespace}/${serviceName}`);
  if (refused) {
    ctx.io.err(`${refused.message.startsWith('The ') ? '' : 'Error from server: '}${refused.message}\n`);
    return 1;
  }
  ctx.effects.yaml = next;
  if (output === 'yaml' || output === 'json') {
    const created = clusterApi(cluster, parseManifests(next).objects, { now: ctx.now }).services.find((s) => obj(s.metadata)?.name === serviceName && obj(s.metadata)?.namespace === namespace);
    ctx.io.out(output === 'yaml' ? toKubectlYaml(created) : toKubectlJson(created));
  } else ctx.io.out(`service/${serviceName} exposed\n`);
  return 0;
}
