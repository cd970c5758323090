/**
 * Everything the command touches outside itself, so that `run` can be driven in-process by
 * tests (and later by an in-browser terminal) without a real file system or process.
 */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The file's text; throws when there is no such file. */
  readFile(path: string): string;
  /** The names in a directory, or undefined when the path is not a directory. */
  listDir(path: string): string[] | undefined;
  readStdin(): Promise<string>;
}

/** An Io over strings: `files` by path, `stdin` as given; output collected in `out` and `err`. */
export function memoryIo(files: Record<string, string> = {}, stdin = ''): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile(path: string) {
      if (!(path in files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return files[path];
    },
    listDir(path: string) {
      const prefix = `${path.replace(/\/$/, '')}/`;
      const names = Object.keys(files).filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)).filter((f) => !f.includes('/'));
      return names.length > 0 ? names : undefined;
    },
    readStdin: async () => stdin,
  };
  return io;
}
