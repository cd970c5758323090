/**
 * Files in and out: open a YAML (or JSON, as `kubectl get -o json` prints it) from disk or
 * from a drop, save the manifests, and download whatever an export makes. Saving is a
 * download, which every browser does, offline and from file:// alike; opening is the file
 * input. A file that is not text, or too large, changes nothing.
 */
import { translate } from '../i18n';
import { useStore } from '../store';
import { whenBuilt } from '../store/store';
import { engineClient } from '../worker/browser';
import type { TraceRequest } from '../engine/trace/types';

/** Larger than any cluster dump a classroom needs; the engine would take seconds past this. */
export const MAX_FILE_MB = 20;

export function download(data: Blob | string, name: string, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; let it go once the browser has it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const s = useStore.getState();
  if (s.notice?.tone !== 'progress') s.showNotice({ key: 'share.notice.downloaded', params: { name }, tone: 'info' });
}

/** The name Save offers: the file last opened, else the lesson's. */
export function saveName(): string {
  const s = useStore.getState();
  return s.fileName ?? `${s.lesson?.id ?? 'podpath'}.yaml`;
}

export function saveYaml(): void {
  download(useStore.getState().text, saveName(), 'application/yaml;charset=utf-8');
}

let input: HTMLInputElement | undefined;

/** Opens the browser's file picker; the chosen file replaces the manifests. */
export function chooseFile(): void {
  if (!input) {
    input = document.createElement('input');
    input.type = 'file';
    input.accept = '.yaml,.yml,.json,.txt,application/json,application/yaml,text/yaml,text/plain';
    input.hidden = true;
    input.dataset.testid = 'open-file';
    input.addEventListener('change', () => {
      const file = input!.files?.[0];
      if (file) void openFile(file, 'file');
      input!.value = '';
    });
    document.body.append(input);
  }
  input.click();
}

function refuse(name: string, reasonKey: string, params: Record<string, string | number> = {}): void {
  const s = useStore.getState();
  s.showNotice({ key: 'share.notice.fileBroken', params: { name, reason: translate(s.lang, reasonKey, params) }, tone: 'error' });
}

/** Opens a file chosen (`file`) or dropped on the page (`drop`): the history says which. */
export async function openFile(file: File, via: 'file' | 'drop'): Promise<void> {
  if (file.size > MAX_FILE_MB * 1024 * 1024) return refuse(file.name, 'share.file.tooLarge', { max: MAX_FILE_MB });
  let text: string;
  try {
    text = await file.text();
  } catch {
    return refuse(file.name, 'share.file.unreadable');
  }
  openText(file.name, text, via);
}

/** Replaces the manifests with a file's text; the request follows if it no longer reaches anything. */
export function openText(name: string, text: string, via: 'file' | 'drop' = 'file'): void {
  // A NUL (or the replacement character of undecodable bytes) means it is not text.
  if (text.includes('\u0000') || text.includes('\ufffd')) return refuse(name, 'share.file.notText');
  const s = useStore.getState();
  const before = s.request;
  s.replaceDocument({ yaml: text, request: before, lesson: undefined }, {
    why: { kind: via, name },
    // Said at once (with Undo); the count and the request follow once the worker has them.
    notice: { key: 'share.notice.fileOpenedUncounted', params: { name }, tone: 'info', action: 'undo' },
    fileName: name.replace(/\.(json|txt)$/i, '.yaml'),
  });
  const version = useStore.getState().textVersion;
  const current = () => useStore.getState().textVersion === version;
  // The worker counts the objects (a large file's parse would block the page), then builds it;
  // the request follows the cluster it builds. The notice says both once known.
  let objects: number | undefined;
  let moved: TraceRequest | undefined;
  const say = () => {
    if (!current() || objects === undefined) return;
    useStore.setState({
      notice: moved
        ? { key: 'share.notice.fileOpenedRequest', params: { name, objects, from: moved.from, to: moved.to }, tone: 'info', action: 'undo' }
        : { key: 'share.notice.fileOpened', params: { name, objects }, tone: 'info', action: 'undo' },
    });
  };
  engineClient().count(text, (reply) => {
    objects = reply.objects;
    say();
  });
  whenBuilt(async () => {
    // suggest.ts reads targets with the engine's parser: loaded when a file is opened, not with the page.
    const { suggestRequest } = await import('./suggest');
    const now = useStore.getState();
    if (!current()) return;
    const request = suggestRequest(now.cluster, before);
    if (request === before) return;
    now.setRequest({ ...request, pick: undefined, seed: undefined, connect: undefined, portForward: undefined, forwards: undefined, protocol: undefined });
    moved = request;
    say();
  });
}
