import { changedFields, PACKET_FIELDS, type Packet } from '../engine';
import { useT } from '../i18n/useT';

/** The packet before and after the hop, layer by layer, with the changed fields marked. */
export function PacketTable({ before, after }: { before: Packet; after: Packet }) {
  const t = useT();
  const changed = new Set(changedFields(before, after));
  const rows = PACKET_FIELDS.filter((f) => f.read(before) !== '' || f.read(after) !== '');
  return (
    <table className="packet-table" data-testid="packet-table">
      <thead>
        <tr>
          <th scope="col">{t('inspector.layer')}</th>
          <th scope="col">{t('inspector.field')}</th>
          <th scope="col">{t('inspector.before')}</th>
          <th scope="col">{t('inspector.after')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((f) => {
          const isChanged = changed.has(f.field);
          return (
            <tr key={f.field} className={isChanged ? 'is-changed' : ''} data-field={f.field}>
              <td className="layer">{f.layer}</td>
              <td>{t(`field.${f.field}`)}</td>
              <td className="mono">{f.read(before)}</td>
              <td className="mono">
                {f.read(after)}
                {isChanged && <span className="changed-tag"> {t('inspector.changed')}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
