/**
 * Ingress objects as the API server admits them (networking.k8s.io/v1;
 * pkg/apis/networking/validation/validation.go ValidateIngressSpec). Rejected Ingresses are
 * reported with the API server's texts and left out.
 */
import { arr, num, obj, str, type Json } from '../fields';
import { parseIp } from '../ip';
import type { ParsedObject } from '../parse';
import type { Diagnostic, Provenance } from '../types';

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressBackend {
  service: string;
  port: number | string;
}

export interface IngressPath {
  path: string;
  pathType: PathType;
  backend: IngressBackend;
  provenance?: Provenance;
}

export interface IngressRule {
  /** Empty: the rule applies to every host (ingress-nginx's catch-all server). */
  host: string;
  paths: IngressPath[];
  provenance?: Provenance;
}

export interface IngressInfo {
  namespace: string;
  name: string;
  className?: string;
  defaultBackend?: IngressBackend;
  rules: IngressRule[];
  provenance?: Provenance;
}

function backendOf(raw: Json | undefined): IngressBackend | undefined {
  const service = obj(raw?.service);
  const name = str(service?.name);
  const port = obj(service?.port);
  const value = num(port?.number) ?? str(port?.name);
  return name && value !== undefined ? { service: name, port: value } : undefined;
}

export function admitIngresses(objects: ParsedObject[]): { ingresses: IngressInfo[]; diagnostics: Diagnostic[] } {
  const ingresses: IngressInfo[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const parsed of objects.filter((o) => o.kind === 'Ingress')) {
    const namespace = parsed.namespace ?? 'default';
    const object = `Ingress/${namespace}/${parsed.name}`;
    const errors: Diagnostic[] = [];
    const bad = (path: string, field: string, detail: string, code: string) =>
      errors.push({ severity: 'error', code, message: `The Ingress "${parsed.name}" is invalid: ${field}: ${detail}`, range: parsed.paths[path] ?? parsed.range, object });
    const at = (path: string): Provenance | undefined => (parsed.paths[path] ? { object, range: parsed.paths[path] } : undefined);
    const spec = obj(parsed.body.spec) ?? {};
    const defaultBackend = backendOf(obj(spec.defaultBackend));
    const rawRules = arr(spec.rules);
    if (rawRules.length === 0 && !defaultBackend) {
      bad('spec', 'spec', 'Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified', 'ingress-empty');
    }
    const rules: IngressRule[] = rawRules.map((r, i) => {
      const rule = obj(r) ?? {};
      const host = str(rule.host) ?? '';
      if (host && parseIp(host) !== undefined) {
        bad(`spec.rules.${i}.host`, `spec.rules[${i}].host`, `Invalid value: ${JSON.stringify(host)}: must be a DNS name, not an IP address`, 'ingress-host-ip');
      }
      const paths = arr(obj(rule.http)?.paths).map((p, j) => {
        const raw = obj(p) ?? {};
        const base = `spec.rules.${i}.http.paths.${j}`;
        const field = `spec.rules[${i}].http.paths[${j}]`;
        const pathType = str(raw.pathType);
        const path = str(raw.path) ?? '';
        if (!pathType) bad(base, `${field}.pathType`, 'Required value: pathType must be specified', 'ingress-pathtype-required');
        else if (!['Exact', 'Prefix', 'ImplementationSpecific'].includes(pathType)) {
          bad(`${base}.pathType`, `${field}.pathType`, `Unsupported value: "${pathType}": supported values: "Exact", "ImplementationSpecific", "Prefix"`, 'ingress-pathtype-unsupported');
        } else if (pathType !== 'ImplementationSpecific' && !path.startsWith('/')) {
          bad(`${base}.path`, `${field}.path`, `Invalid value: ${JSON.stringify(path)}: must be an absolute path`, 'ingress-path-relative');
        }
        const backend = backendOf(obj(raw.backend));
        if (!backend) bad(`${base}.backend`, `${field}.backend`, 'Required value: service or resource must be specified', 'ingress-backend-required');
        return { path: path || '/', pathType: (pathType ?? 'Prefix') as PathType, backend: backend ?? { service: '', port: 0 }, provenance: at(base) };
      });
      return { host, paths, provenance: at(`spec.rules.${i}`) };
    });
    if (errors.length > 0) {
      diagnostics.push(...errors);
      continue;
    }
    ingresses.push({
      namespace,
      name: parsed.name,
      className: str(spec.ingressClassName),
      defaultBackend,
      rules,
      provenance: { object, range: parsed.range },
    });
  }
  return { ingresses, diagnostics };
}
