/**
 * Text from the YAML on its way to a terminal. A name can hold escape sequences (set the
 * window title, clear the screen, rewrite what was printed above it), and a terminal runs
 * them: kubectl escapes what it prints from the API server, and so does Podpath, in the CLI
 * and in the terminal panel (xterm.js).
 */

/**
 * kubectl's `EscapeTerminal` (k8s.io/cli-runtime/pkg/printers/terminal.go, kubernetes issue
 * 101695): `strings.NewReplacer("\x1b", "^[", "\r", "\\r")`, so ESC prints as `^[` and a
 * carriage return as `\r`. kubectl applies it to every cell of a table and to all of
 * `describe`. Podpath goes further, because xterm.js also acts on what kubectl lets through:
 * the other C0 controls but tab and newline (BEL rings, BS and VT move the cursor over text
 * already printed, SO switches to the line-drawing character set) print in caret notation
 * (`^G`, `^H`), and DEL and the C1 controls U+0080–U+009F (U+009B is CSI and U+009D OSC to
 * xterm.js, as good as ESC [ and ESC ]) as `\u009b`: inside a JSON string or a double-quoted
 * YAML one (where kubectl's encoders leave them raw) that is the same character again. A name
 * the API server accepts holds none of them, so for every valid cluster the text is kubectl's.
 */
export function escapeTerminal(text: string): string {
  // Most text has nothing to escape: leave it as it is, cheaply.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch === '\r') out += '\\r';
    else if (ch === '\t' || ch === '\n') out += ch;
    else if (c < 0x20) out += `^${String.fromCharCode(c + 0x40)}`;
    else if (c >= 0x7f && c <= 0x9f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}
