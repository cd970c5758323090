import { selectLinks, useStore } from '../store';

/** Whether the YAML object in focus shapes this element (its pod, its box, its rules): ` is-linked` or nothing. */
export function useLinked(id: string): string {
  return useStore((s) => !!selectLinks(s)?.elements.has(id)) ? ' is-linked' : '';
}
