import type { TraceRequest } from '../engine';

/** A built-in scenario: its YAML and the request it traces first. */
export interface Lesson {
  id: string;
  title: { en: string; zh: string };
  yaml: string;
  request: TraceRequest;
}
