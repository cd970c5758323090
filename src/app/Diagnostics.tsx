import { useT } from '../i18n/useT';
import { useStore } from '../store';
import { isCrash, isCrashDiagnostic } from '../store/safe';

/** The engine's diagnostics under the editor, each pointing at its line. */
export function Diagnostics() {
  const t = useT();
  const diagnostics = useStore((s) => s.diagnostics);
  const stale = useStore((s) => s.stale);
  return (
    <section className="diagnostics" aria-label={t('diag.title')} data-testid="diagnostics">
      {stale && <p className="stale" role="status">{t(isCrash(diagnostics) ? 'diag.keptPictureCrash' : 'diag.keptPicture')}</p>}
      {diagnostics.length === 0 ? (
        <p className="muted">✓ {t('diag.none')}</p>
      ) : (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} className={`diag diag-${d.severity}`} data-code={d.code}>
              {!isCrashDiagnostic(d) && <><span className="diag-line">{t('diag.line', { line: d.range.start.line })}</span>{' '}</>}
              {d.key ? t(d.key, d.params) : d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
