/** `podpath get`: kubectl get over the simulated API (src/engine/kubectl). */
import { clusterApi } from '../../engine/api/index';
import { kubectlGet } from '../../engine/kubectl/index';
import { nowOf, UsageError, type Parsed } from '../args';
import type { Io } from '../io';
import { load, warnRejected } from '../load';

export const GET_OPTIONS = {
  output: { type: 'string', short: 'o' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
} as const;

export async function get(args: Parsed, io: Io): Promise<number> {
  const [resource, ...names] = args.positionals;
  if (!resource) {
    // kubectl's words when no type is given.
    throw new UsageError('You must specify the type of resource to get. Use one of: pods, services, endpoints, endpointslices, ingresses, networkpolicies, nodes.\nerror: Required resource not specified.');
  }
  const now = nowOf(args.values.now);
  const paths = (args.values.filename as string[]) ?? [];
  const loaded = await load(paths, io);
  warnRejected(loaded, io, paths);
  const api = clusterApi(loaded.cluster, loaded.objects, { now });
  const out = kubectlGet(
    {
      resource,
      names,
      namespace: args.values.namespace as string | undefined,
      allNamespaces: args.values['all-namespaces'] === true,
      output: (args.values.output as string | undefined) ?? '',
    },
    api,
    now,
  );
  io.stdout(out.stdout);
  io.stderr(out.stderr);
  return out.exitCode;
}
