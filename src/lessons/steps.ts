/**
 * A lesson step's YAML, request and typed command, without the engine: the page reads them to
 * load a step, and play.ts (which runs the engine) to check it.
 */
import type { TraceRequest } from '../engine/trace/types';
import type { Lesson } from './types';

/** The YAML at a step: the lesson's, then each step's replacement or edits up to and including it. */
export function yamlAt(lesson: Lesson, index: number): { yaml: string; problems: string[] } {
  let yaml = lesson.yaml;
  const problems: string[] = [];
  for (const step of (lesson.steps ?? []).slice(0, index + 1)) {
    if (step.yaml !== undefined) yaml = step.yaml;
    for (const edit of step.edits ?? []) {
      const count = yaml.split(edit.find).length - 1;
      if (count !== 1) problems.push(`edit "${edit.find}" occurs ${count} times`);
      else yaml = yaml.replace(edit.find, edit.replace);
    }
  }
  return { yaml, problems };
}

export function requestAt(lesson: Lesson, index: number): TraceRequest {
  let request = lesson.request;
  for (const step of (lesson.steps ?? []).slice(0, index + 1)) request = step.request ?? request;
  return request;
}

/**
 * What the step's client types: `curl …`, `kubectl port-forward …`, with the shell it runs in.
 * `typed` is the article's own command for the request (`wget httpd-svc:8080`), when it has one.
 */
export function commandLine(request: TraceRequest, typed?: string): { prompt: string; command: string } {
  const pf = request.portForward;
  if (pf) return { prompt: '$', command: `kubectl port-forward ${pf.target} ${pf.ports}${pf.namespace ? ` -n ${pf.namespace}` : ''}` };
  const where = request.from === 'external' ? 'client' : request.from.replace(/^(pod|node)\/(default\/)?/, '');
  const prompt = request.from.startsWith('pod/') ? `${where} / #` : `[root@${where} ~]#`;
  const connect = request.connect ? ` --connect-to ::${request.connect}` : '';
  return { prompt, command: typed ?? `curl${connect} ${request.to}` };
}

