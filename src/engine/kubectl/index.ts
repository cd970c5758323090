/**
 * kubectl's views of the simulated API: `kubectl get` tables (with `-o wide`), and `-o json`,
 * `-o yaml` and `-o name` as kubectl prints them. Pure: the caller passes the objects (see
 * ../api) and the simulated "now" that ages are measured against.
 */
export { kubectlGet, renderTable, type CommandOutput, type GetRequest } from './get';
export { RESOURCE_TYPES, resourceType, type ResourceType } from './resources';
export { toKubectlJson } from './json';
export { toKubectlYaml } from './yaml';
export { humanDuration } from './duration';
export { escapeTerminal } from './escape';
