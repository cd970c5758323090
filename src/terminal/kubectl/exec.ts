/**
 * `kubectl exec` and `kubectl port-forward`. exec runs a command inside a pod's container
 * (the place changes to the pod; `-it … -- sh` stays there until `exit`), with kubectl's and
 * the container runtime's errors (staging/src/k8s.io/kubectl/pkg/cmd/exec/exec.go; containerd's
 * "OCI runtime exec failed" for a missing executable; the kubelet's "container not found" for a
 * container that is not running). port-forward is in ../forwards.ts: it keeps running.
 */
import { digest } from '../../engine/api/ids';
import type { Ctx } from '../io';
import { containerImage, findPod, imageTools, placeOf, shellProgram } from '../places';
import { runSimple } from '../shell';
import { Io } from '../io';
import { bool, str, type Parsed } from './flags';

function containerNames(ctx: Ctx, namespace: string, name: string): string[] {
  const pod = ctx.api().pods.find((p) => (p.metadata as { name: string; namespace: string }).name === name && (p.metadata as { namespace: string }).namespace === namespace);
  return ((pod?.spec as { containers?: { name: string }[] })?.containers ?? []).map((c) => c.name);
}

export function exec(ctx: Ctx, p: Parsed): number {
  const namespace = str(p, 'namespace') ?? 'default';
  let [target] = p.args;
  if (p.args.length > 1 && !p.after) {
    ctx.io.err("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
    return 1;
  }
  if (!target) {
    ctx.io.err("error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples\n");
    return 1;
  }
  const command = p.after ?? [];
  if (command.length === 0) {
    ctx.io.err("error: you must specify at least one command for the container\n");
    return 1;
  }
  target = target.replace(/^(pods?|po)\//, '');
  const pod = findPod(ctx.state.cluster, namespace, target);
  if (!pod) {
    ctx.io.err(`Error from server (NotFound): pods "${target}" not found\n`);
    return 1;
  }
  const names = containerNames(ctx, namespace, target);
  const container = str(p, 'container') ?? names[0];
  if (!names.includes(container)) {
    ctx.io.err(`Error from server (BadRequest): container ${container} is not valid for pod ${target}\n`);
    return 1;
  }
  if (pod.phase !== 'Running' || !pod.ip || pod.status === 'CrashLoopBackOff') {
    ctx.io.err(`error: unable to upgrade connection: container not found ("${container}")\n`);
    return 1;
  }
  const tools = imageTools(containerImage(pod, container, names));
  const program = command[0];
  const shell = shellProgram(tools, program);
  const inside = { kind: 'pod' as const, namespace, name: target, container, ...(shell ? { program: shell } : {}), parent: ctx.state.shell };
  const place = placeOf(ctx.state.cluster, inside, names);
  const execId = digest(`exec/${namespace}/${target}/${command.join(' ')}`);
  const missing = () => {
    ctx.io.err(`error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown\n`);
    return 1;
  };
  const looksLikeShell = ['sh', 'bash', 'ash'].includes(program.split('/').at(-1)!);
  if (looksLikeShell) {
    if (!shell) return missing();
    // A shell with a terminal: the session moves into the pod until `exit`.
    if (bool(p, 'stdin') && command.length === 1) {
      ctx.effects.prompt = inside;
      return 0;
    }
    if (command[1] === '-c' && command[2] !== undefined) {
      const io = new Io();
      const status = runSimple(ctx.state, place, { argv: command[2].split(/\s+/).filter(Boolean), redirects: [] }, ctx.stdin, io, ctx.effects);
      for (const c of io.chunks) {
        if (c.fd === 1) ctx.io.out(c.text);
        else ctx.io.err(c.text);
      }
      if (status !== 0) ctx.io.err(`command terminated with exit code ${status}\n`);
      return status;
    }
    // A shell with nothing to read ends at once.
    return 0;
  }
  const io = new Io();
  const status = runSimple(ctx.state, place, { argv: command, redirects: [] }, ctx.stdin, io, ctx.effects);
  if (status === 127 && io.chunks.some((c) => /not found/.test(c.text))) return missing();
  for (const c of io.chunks) {
    if (c.fd === 1) ctx.io.out(c.text);
    else ctx.io.err(c.text);
  }
  if (status !== 0) ctx.io.err(`command terminated with exit code ${status}\n`);
  return status;
}
