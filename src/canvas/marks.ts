import { selectLinks, useStore, type AppState } from '../store';

/** Whether the YAML object in focus shapes this element (its pod, its box, its rules): ` is-linked` or nothing. */
export function linkedMark(s: AppState, id: string): string {
  return selectLinks(s)?.elements.has(id) ? ' is-linked' : '';
}

export function useLinked(id: string): string {
  return useStore((s) => linkedMark(s, id));
}
