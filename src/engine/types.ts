/**
 * Plain, serializable data shared by every engine stage. Nothing here holds behaviour, so the
 * same values can cross a Web Worker boundary or be printed as JSON by the CLI.
 */

/** A 1-based position in the user's YAML. */
export interface SourcePos {
  line: number;
  column: number;
}

/** Where an object (or one field of it) was written in the YAML. */
export interface SourceRange {
  start: SourcePos;
  end: SourcePos;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in the user's input. `code` is stable (tests and the UI key on it);
 * `message` is the text the real component would print (the YAML parser, or the API server),
 * so it stays in English, as kubectl shows it.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  range: SourceRange;
  /** `Kind/namespace/name` of the object the problem belongs to, when there is one. */
  object?: string;
  /** For Podpath's own messages (not a real component's text): a catalogue key to translate. */
  key?: string;
  params?: Record<string, string | number>;
}

/** A reference from engine output back to the YAML that caused it. */
export interface Provenance {
  /** `Kind/namespace/name`, e.g. `Service/default/my-nginx`. */
  object: string;
  range: SourceRange;
}

/** A translatable sentence: the UI looks `key` up in its message catalogue. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}
