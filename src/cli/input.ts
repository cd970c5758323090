/**
 * The YAML behind `-f`: files, directories (their .yaml, .yml and .json files, sorted, as
 * `kubectl apply -f DIR` reads them) and `-` for stdin, joined into one multi-document stream.
 * Line numbers in diagnostics are mapped back to the file each document came from.
 */
import type { Io } from './io';

export interface InputPart {
  name: string;
  /** The line of the joined stream this part starts on (1-based). */
  firstLine: number;
}

export interface Input {
  text: string;
  parts: InputPart[];
}

const MANIFEST = /\.(ya?ml|json)$/;

export class InputError extends Error {}

function readPath(path: string, io: Io): { name: string; text: string }[] {
  const entries = io.listDir(path);
  if (entries) {
    return entries.filter((e) => MANIFEST.test(e)).sort().map((e) => ({ name: `${path.replace(/\/$/, '')}/${e}`, text: io.readFile(`${path.replace(/\/$/, '')}/${e}`) }));
  }
  try {
    return [{ name: path, text: io.readFile(path) }];
  } catch {
    // kubectl's words for a -f that names nothing.
    throw new InputError(`error: the path "${path}" does not exist`);
  }
}

export async function readInput(paths: string[], io: Io): Promise<Input> {
  if (paths.length === 0) throw new InputError('error: must specify one or more -f FILE (- reads stdin)');
  const files: { name: string; text: string }[] = [];
  for (const path of paths) {
    if (path === '-') files.push({ name: '<stdin>', text: await io.readStdin() });
    else files.push(...readPath(path, io));
  }
  const parts: InputPart[] = [];
  let line = 1;
  for (const f of files) {
    parts.push({ name: f.name, firstLine: line });
    // Each part is followed by `\n---\n`: its own newlines plus two more lines.
    line += f.text.split('\n').length - 1 + 2;
  }
  return { text: files.map((f) => f.text).join('\n---\n'), parts };
}

/** Where a line of the joined stream is in its own file. */
export function locate(input: Input, line: number): { file: string; line: number } | undefined {
  if (line < 1) return undefined;
  const part = [...input.parts].reverse().find((p) => p.firstLine <= line) ?? input.parts[0];
  return { file: part.name, line: line - part.firstLine + 1 };
}
