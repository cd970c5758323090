/**
 * A `<dialog>` shown modally while `open` is true, that gives focus back to the control that
 * opened it when it closes (Escape, its Close button, a choice made in it): a keyboard user
 * goes on from where they were, not from the top of the page. Opened by a key or from the
 * command palette, no control had focus (or it is gone): focus goes to `fallback`, the header
 * button for the same command.
 */
import { useCallback, useEffect, useRef } from 'react';

export function useModal(open: boolean, fallback: string, onOpen?: (dialog: HTMLDialogElement) => void) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const onOpenRef = useRef(onOpen);
  onOpenRef.current = onOpen;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      const active = document.activeElement;
      opener.current = active instanceof HTMLElement && active !== document.body && !d.contains(active) ? active : null;
      d.showModal();
      onOpenRef.current?.(d);
    } else if (!open && d.open) d.close();
  }, [open]);
  /** For the dialog's close event: focus the opener, or the fallback when it left the page. */
  const returnFocus = useCallback(() => {
    const from = opener.current;
    opener.current = null;
    const target = from && from.isConnected && !(from as HTMLButtonElement).disabled ? from : document.querySelector<HTMLElement>(fallback);
    target?.focus();
  }, [fallback]);
  return { dialog, returnFocus };
}
