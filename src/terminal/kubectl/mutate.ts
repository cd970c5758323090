/**
 * kubectl's write verbs over the YAML text, which is the cluster's one truth: `apply -f`,
 * `delete`, `scale`. Each prints what kubectl prints (staging/src/k8s.io/kubectl/pkg/cmd/apply,
 * delete, scale: `deployment.apps/web configured`, `pod "web-1" deleted`,
 * `deployment.apps/web scaled`) and hands the new text back in the command's effects.
 * Errors are the API server's, as the build reports them, in kubectl's words (cmdutil.CheckErr).
 */
import { buildCluster } from '../../engine/build';
import { obj } from '../../engine/fields';
import { parseManifests, type ParsedObject } from '../../engine/parse';
import type { Ctx } from '../io';
import { readFile } from '../shell';
import { append, deleteControllerPod, findDoc, removeDoc, replaceDoc, setScalar, split } from '../yamlText';
import { str, type Parsed } from './flags';
import { kindByName, kindOf } from './kinds';

export const RESOURCE_REQUIRED = "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n";

/** The text of `-f` arguments: stdin for `-`, else a file of this place. */
function readSources(ctx: Ctx, files: string[]): { name: string; text: string }[] | undefined {
  const out: { name: string; text: string }[] = [];
  for (const f of files) {
    if (f === '-') out.push({ name: 'STDIN', text: ctx.stdin });
    else {
      const text = readFile(ctx, f);
      if (text === undefined) {
        ctx.io.err(`error: the path "${f}" does not exist\n`);
        return undefined;
      }
      out.push({ name: f, text });
    }
  }
  return out;
}

/** The documents of a manifest, each with its own text, as kubectl's resource builder splits it. */
function documents(source: { name: string; text: string }, ctx: Ctx): { text: string; object: ParsedObject }[] | undefined {
  const { diagnostics } = parseManifests(source.text);
  const syntax = diagnostics.find((d) => d.code === 'yaml-syntax' && d.severity === 'error');
  if (syntax) {
    ctx.io.err(`error: error parsing ${source.name}: error converting YAML to JSON: yaml: line ${syntax.range.start.line}: ${syntax.message}\n`);
    return undefined;
  }
  const shape = diagnostics.find((d) => d.code === 'missing-kind' || d.code === 'missing-apiversion');
  if (shape) {
    const field = shape.code === 'missing-kind' ? 'kind' : 'apiVersion';
    ctx.io.err(`error: error validating "${source.name}": error validating data: ${field} not set; if you choose to ignore these errors, turn validation off with --validate=false\n`);
    return undefined;
  }
  return split(source.text).filter((d) => d.object).map((d) => ({ text: d.text.replace(/^(#.*\n|\s*\n)*/, ''), object: d.object! }));
}

const sameBody = (a: ParsedObject, b: ParsedObject) => JSON.stringify(a.body) === JSON.stringify(b.body);

/** The error the API server gave this object in a build, as kubectl prints it. */
function rejection(yaml: string, o: ParsedObject, source: string, verb: string): string | undefined {
  const id = `${o.kind}/${o.namespace ?? 'default'}/${o.name}`;
  const d = buildCluster(yaml).diagnostics.find((x) => x.severity === 'error' && x.object === id);
  if (!d) return undefined;
  if (d.message.startsWith('The ')) return `${d.message}\n`;
  const reason = /not found$/.test(d.message) ? 'NotFound' : /already exists$/.test(d.message) ? 'AlreadyExists' : 'BadRequest';
  return `Error from server (${reason}): error when ${verb} "${source}": ${d.message}\n`;
}

export function apply(ctx: Ctx, p: Parsed): number {
  const files = (p.flags.filename as string[] | undefined) ?? [];
  if (files.length === 0) {
    ctx.io.err("error: must specify one of -f and -k\n");
    return 1;
  }
  const sources = readSources(ctx, files);
  if (!sources) return 1;
  let yaml = ctx.effects.yaml ?? ctx.state.yaml;
  let status = 0;
  let applied = 0;
  const errors: string[] = [];
  for (const source of sources) {
    const docs = documents(source, ctx);
    if (!docs) return 1;
    for (const doc of docs) {
      applied++;
      const o = doc.object;
      const key = { kind: o.kind, name: o.name, namespace: o.namespace };
      const existing = split(yaml);
      const index = findDoc(existing, key);
      const printed = `${kindOf(o.kind).printed}/${o.name}`;
      if (index >= 0 && sameBody(existing[index].object!, o)) {
        ctx.io.out(`${printed} unchanged\n`);
        continue;
      }
      const next = index >= 0 ? replaceDoc(yaml, index, doc.text) : append(yaml, doc.text);
      const refused = rejection(next, o, source.name, index >= 0 ? 'applying patch' : 'creating');
      if (refused) {
        errors.push(refused);
        status = 1;
        continue;
      }
      yaml = next;
      ctx.io.out(`${printed} ${index >= 0 ? 'configured' : 'created'}\n`);
    }
  }
  if (applied === 0) {
    ctx.io.err('error: no objects passed to apply\n');
    return 1;
  }
  for (const e of errors) ctx.io.err(e);
  if (yaml !== (ctx.effects.yaml ?? ctx.state.yaml)) ctx.effects.yaml = yaml;
  return status;
}

/** `TYPE NAME...` or `TYPE/NAME...` into kind and names, with kubectl's error for a bad type. */
export function targets(ctx: Ctx, args: string[]): { kind: string; name: string }[] | undefined {
  const out: { kind: string; name: string }[] = [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    for (const a of args) {
      const [type, name] = a.split('/');
      const kind = kindByName(type);
      if (!kind) {
        ctx.io.err(`error: the server doesn't have a resource type "${type}"\n`);
        return undefined;
      }
      out.push({ kind: kind.kind, name });
    }
    return out;
  }
  const [type, ...names] = args;
  const kind = kindByName(type);
  if (!kind) {
    ctx.io.err(`error: the server doesn't have a resource type "${type}"\n`);
    return undefined;
  }
  if (names.length === 0) {
    ctx.io.err('error: resource(s) were provided, but no name was specified\n');
    return undefined;
  }
  return names.map((name) => ({ kind: kind.kind, name }));
}

export function deleteCommand(ctx: Ctx, p: Parsed): number {
  const namespace = str(p, 'namespace') ?? 'default';
  const files = (p.flags.filename as string[] | undefined) ?? [];
  let list: { kind: string; name: string; namespace?: string }[];
  if (files.length > 0) {
    const sources = readSources(ctx, files);
    if (!sources) return 1;
    list = [];
    for (const s of sources) {
      const docs = documents(s, ctx);
      if (!docs) return 1;
      list.push(...docs.map((d) => ({ kind: d.object.kind, name: d.object.name, namespace: d.object.namespace })));
    }
  } else {
    if (p.args.length === 0) {
      ctx.io.err(RESOURCE_REQUIRED);
      return 1;
    }
    const found = targets(ctx, p.args);
    if (!found) return 1;
    list = found.map((t) => ({ ...t, namespace }));
  }
  let status = 0;
  let yaml = ctx.effects.yaml ?? ctx.state.yaml;
  const cluster = ctx.state.cluster;
  for (const t of list) {
    const k = kindOf(t.kind);
    const ns = t.namespace ?? namespace;
    if (t.kind === 'Pod') {
      const pod = cluster.pods.find((x) => x.namespace === ns && x.name === t.name);
      if (pod?.owner && !pod.owner.startsWith('Pod/')) {
        // A controller's pod: the YAML records the deletion on its workload, whose controller
        // makes a replacement at once (a new name, the next address).
        const after = deleteControllerPod(yaml, cluster, ns, t.name);
        ctx.io.out(`pod "${t.name}" deleted\n`);
        if (after !== undefined) yaml = after;
        else ctx.effects.notices = [...(ctx.effects.notices ?? []), { key: 'terminal.notice.podRecreated', params: { pod: t.name, owner: `${pod.owner.split('/')[0]}/${pod.owner.split('/')[2]}` } }];
        continue;
      }
    }
    const docs = split(yaml);
    const index = findDoc(docs, { kind: t.kind, name: t.name, namespace: ns });
    if (index < 0) {
      const system = t.kind === 'Pod' ? cluster.pods.some((x) => x.namespace === ns && x.name === t.name) : t.kind === 'Service' && cluster.services.some((s) => s.namespace === ns && s.name === t.name);
      if (system) {
        ctx.io.err(`${k.printed} "${t.name}" is part of the simulated cluster itself and is not deleted here\n`);
      } else ctx.io.err(`Error from server (NotFound): ${k.resource} "${t.name}" not found\n`);
      status = 1;
      continue;
    }
    yaml = removeDoc(yaml, index);
    ctx.io.out(`${k.printed} "${t.name}" deleted\n`);
  }
  if (yaml !== (ctx.effects.yaml ?? ctx.state.yaml)) ctx.effects.yaml = yaml;
  return status;
}

const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet'];

export function scale(ctx: Ctx, p: Parsed): number {
  const replicas = str(p, 'replicas');
  if (p.args.length === 0 && !p.flags.filename) {
    ctx.io.err(RESOURCE_REQUIRED);
    return 1;
  }
  if (replicas === undefined) {
    ctx.io.err('error: required flag(s) "replicas" not set\n');
    return 1;
  }
  if (!/^\d+$/.test(replicas)) {
    ctx.io.err('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
    return 1;
  }
  const found = targets(ctx, p.args);
  if (!found) return 1;
  const namespace = str(p, 'namespace') ?? 'default';
  let yaml = ctx.effects.yaml ?? ctx.state.yaml;
  let status = 0;
  for (const t of found) {
    const k = kindOf(t.kind);
    if (!SCALABLE.includes(t.kind)) {
      ctx.io.err(`error: cannot use scale on *v1.${t.kind}\n`);
      status = 1;
      continue;
    }
    const docs = split(yaml);
    const index = findDoc(docs, { kind: t.kind, name: t.name, namespace });
    if (index < 0) {
      ctx.io.err(`Error from server (NotFound): ${k.resource} "${t.name}" not found\n`);
      status = 1;
      continue;
    }
    const current = obj(docs[index].object!.body.spec)?.replicas;
    if (String(current ?? 1) !== replicas || current === undefined) yaml = setScalar(yaml, index, 'spec.replicas', replicas);
    ctx.io.out(`${k.printed}/${t.name} scaled\n`);
  }
  if (yaml !== (ctx.effects.yaml ?? ctx.state.yaml)) ctx.effects.yaml = yaml;
  return status;
}
