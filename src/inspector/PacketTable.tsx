import { changedFields, PACKET_FIELDS, type Packet } from '../engine/trace/packet';
import { useT } from '../i18n/useT';

const LAYERS = ['VXLAN', 'L2', 'L3', 'L4', 'L7'] as const;

/** The packet before and after the hop, layer by layer, with the changed fields marked. */
export function PacketTable({ before, after }: { before: Packet; after: Packet }) {
  const t = useT();
  const changed = new Set(changedFields(before, after));
  const rows = PACKET_FIELDS.filter((f) => f.read(before) !== '' || f.read(after) !== '');
  return (
    <table className="packet-table" data-testid="packet-table">
      <thead>
        <tr>
          <th scope="col">{t('inspector.field')}</th>
          <th scope="col">{t('inspector.before')}</th>
          <th scope="col">{t('inspector.after')}</th>
        </tr>
      </thead>
      {LAYERS.map((layer) => {
        const fields = rows.filter((f) => f.layer === layer);
        if (fields.length === 0) return null;
        return (
          <tbody key={layer}>
            <tr className="layer-row">
              <th scope="rowgroup" colSpan={3}>{t(`inspector.layer.${layer}`)}</th>
            </tr>
            {fields.map((f) => {
              const isChanged = changed.has(f.field);
              return (
                <tr key={f.field} className={isChanged ? 'is-changed' : ''} data-field={f.field}>
                  <th scope="row">{t(`field.${f.field}`)}</th>
                  <td className="mono">{f.read(before)}</td>
                  <td className="mono">
                    {isChanged ? <mark>{f.read(after)}</mark> : f.read(after)}
                    {isChanged && <span className="changed-tag"> {t('inspector.changed')}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}
