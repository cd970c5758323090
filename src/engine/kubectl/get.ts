/**
 * `kubectl get TYPE [NAME...] [-n NS | -A] [-o wide|json|yaml|name]` over the simulated API
 * objects, with kubectl's outputs and messages (staging/src/k8s.io/kubectl/pkg/cmd/get/get.go):
 * a table, or for json and yaml a `List` (the object itself when one name was asked for);
 * `No resources found in NS namespace.` on stderr for an empty table; NotFound errors from the
 * server for names that do not exist.
 */
import { obj, str } from '../fields';
import type { ApiObjects, KubeObject } from '../api/types';
import { COLUMNS } from './columns';
import { escapeTerminal } from './escape';
import { toKubectlJson } from './json';
import { resourceType, type ResourceType } from './resources';
import { tabulate } from './tabwriter';
import { toKubectlYaml } from './yaml';

export interface GetRequest {
  /** As typed: `pods`, `svc`, `endpointslices.discovery.k8s.io`… */
  resource: string;
  names?: string[];
  /** Default `default`. */
  namespace?: string;
  allNamespaces?: boolean;
  /** '' (a table), `wide`, `json`, `yaml` or `name`. */
  output?: string;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const KUBECTL_FORMATS = 'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-file,name,template,templatefile,wide,yaml';
const SUPPORTED = ['', 'wide', 'json', 'yaml', 'name'];

const fail = (message: string): CommandOutput => ({ stdout: '', stderr: `${message}\n`, exitCode: 1 });

function outputProblem(output: string): string | undefined {
  if (SUPPORTED.includes(output)) return undefined;
  const format = output.split('=')[0];
  if (KUBECTL_FORMATS.split(',').includes(format)) return `error: podpath does not print -o ${format}; it prints json, yaml, wide and name`;
  return `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${KUBECTL_FORMATS}`;
}

/** The table `kubectl get` prints for these objects, with the NAMESPACE column first for `-A`. */
export function renderTable(key: ResourceType['key'], items: KubeObject[], options: { wide?: boolean; withNamespace?: boolean; now: Date }): string {
  const columns = COLUMNS[key];
  const wide = options.wide ?? false;
  const header = [...(options.withNamespace ? ['NAMESPACE'] : []), ...columns.headers, ...(wide ? columns.wide : [])];
  const rows = items.map((o) => [...(options.withNamespace ? [str(obj(o.metadata)?.namespace) ?? ''] : []), ...columns.row(o, options.now, wide)]);
  // cli-runtime's table printer escapes every cell before the tabwriter lines them up.
  return tabulate([header, ...rows.map((row) => row.map(escapeTerminal))]);
}

interface Found {
  type: ResourceType;
  items: KubeObject[];
}

/** The objects of one type in scope, and a NotFound error for each name that has none. */
function lookup(type: ResourceType, request: GetRequest, api: ApiObjects, errors: string[]): Found {
  const all = (request.allNamespaces ?? false) && type.namespaced;
  const namespace = request.namespace || 'default';
  const inScope = api[type.key].filter((o) => !type.namespaced || all || obj(o.metadata)?.namespace === namespace);
  const names = request.names ?? [];
  if (names.length === 0) return { type, items: inScope };
  const items: KubeObject[] = [];
  for (const name of names) {
    const found = inScope.find((o) => str(obj(o.metadata)?.name) === name);
    if (found) items.push(found);
    else errors.push(`Error from server (NotFound): ${type.resource} "${name}" not found`);
  }
  return { type, items };
}

/**
 * `kubectl get TYPE[,TYPE...] [NAME...]`. Several types print one table each, separated by a
 * blank line, with names prefixed by their kind (`service/my-nginx`), as kubectl does.
 */
export function kubectlGet(request: GetRequest, api: ApiObjects, now: Date): CommandOutput {
  const types: ResourceType[] = [];
  for (const name of request.resource.split(',')) {
    const type = resourceType(name);
    if (!type) return fail(`error: the server doesn't have a resource type "${name}"`);
    types.push(type);
  }
  const output = request.output ?? '';
  const problem = outputProblem(output);
  if (problem) return fail(problem);
  const names = request.names ?? [];
  if (request.allNamespaces && names.length > 0) return fail('error: a resource cannot be retrieved by name across all namespaces');
  const errors: string[] = [];
  const found = types.map((t) => lookup(t, request, api, errors));
  const stderr = errors.map((e) => `${e}\n`).join('');
  const exitCode = errors.length > 0 ? 1 : 0;
  const items = found.flatMap((f) => f.items);
  const nameOf = (o: KubeObject) => str(obj(o.metadata)?.name);
  if (output === 'json' || output === 'yaml') {
    if (names.length > 0 && items.length === 0) return { stdout: '', stderr, exitCode };
    // One object asked for by name: the object itself; otherwise kubectl wraps the items in a List.
    const single = names.length === 1 && types.length === 1 && items.length === 1;
    const value = single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    return { stdout: output === 'json' ? toKubectlJson(value) : toKubectlYaml(value), stderr, exitCode };
  }
  if (output === 'name') return { stdout: found.flatMap((f) => f.items.map((o) => `${f.type.namePrefix}/${nameOf(o)}\n`)).join(''), stderr, exitCode };
  if (items.length === 0) {
    if (errors.length > 0) return { stdout: '', stderr, exitCode };
    const namespaced = types.every((t) => t.namespaced) && !request.allNamespaces;
    return { stdout: '', stderr: namespaced ? `No resources found in ${request.namespace || 'default'} namespace.\n` : 'No resources found\n', exitCode: 0 };
  }
  const tables = found
    .filter((f) => f.items.length > 0)
    .map((f) => {
      const withKind = types.length > 1 ? f.items.map((o) => ({ ...o, metadata: { ...(obj(o.metadata) ?? {}), name: `${f.type.namePrefix}/${nameOf(o)}` } })) : f.items;
      return renderTable(f.type.key, withKind, { wide: output === 'wide', withNamespace: (request.allNamespaces ?? false) && f.type.namespaced, now });
    });
  return { stdout: tables.join('\n'), stderr, exitCode };
}
