import { useState } from 'react';
import { useModal } from '../../app/useModal';
import { useT } from '../../i18n/useT';
import { useStore } from '../../store';
import { embedSnippet, makeLinks } from '../session';

/** Past this many characters, some chat programs cut a link. */
const CHAT_LIMIT = 2000;

/** The link to this session and the iframe snippet for a course page, each with a Copy button. */
export function ShareDialog() {
  const t = useT();
  const open = useStore((s) => s.shareOpen);
  const lang = useStore((s) => s.lang);
  const setOpen = useStore((s) => s.setShareOpen);
  const [links, setLinks] = useState<{ link: string; embed: string }>();
  const { dialog, returnFocus } = useModal(open, '[data-command="share"]', () => {
    setLinks(undefined);
    void makeLinks(useStore.getState()).then(setLinks);
  });
  const fromFile = location.protocol === 'file:';
  const snippet = links ? embedSnippet(links.embed, t('share.embed.aria')) : '';
  return (
    <dialog ref={dialog} className="share-dialog" aria-labelledby="share-title" data-testid="share-dialog" onClose={() => {
      setOpen(false);
      returnFocus();
    }}>
      <h2 id="share-title">{t('share.dialog.title')}</h2>
      {fromFile && <p className="share-warning">{t('share.dialog.fileWarning')}</p>}
      <label className="share-field">
        <span className="share-label">{t('share.dialog.link')}</span>
        <span className="share-row">
          <input readOnly value={links?.link ?? ''} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <CopyButton text={links?.link} />
        </span>
      </label>
      <p className="share-help">
        {t('share.dialog.linkHelp')} <span data-testid="share-length">{links ? t('share.dialog.length', { count: links.link.length.toLocaleString(lang) }) : ''}</span>
        {links && links.link.length > CHAT_LIMIT && <> {t('share.dialog.long')}</>}
      </p>
      <label className="share-field">
        <span className="share-label">{t('share.dialog.embed')}</span>
        <span className="share-row">
          <textarea readOnly value={snippet} rows={3} data-testid="embed-snippet" onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
          <CopyButton text={snippet || undefined} />
        </span>
      </label>
      <p className="share-help">{t('share.dialog.embedHelp')}</p>
      <form method="dialog" className="share-actions">
        <button className="btn btn-primary" type="submit">{t('share.dialog.close')}</button>
      </form>
    </dialog>
  );
}

function CopyButton({ text }: { text?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      disabled={!text}
      onClick={async (e) => {
        const field = e.currentTarget.parentElement?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea');
        try {
          await navigator.clipboard.writeText(text!);
        } catch {
          // No clipboard (an insecure page, a refusal): select the text for Ctrl+C.
          field?.select();
          document.execCommand?.('copy');
        }
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      }}
    >
      {copied ? `✓ ${t('share.dialog.copied')}` : t('share.dialog.copy')}
    </button>
  );
}
