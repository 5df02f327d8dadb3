import { HOT_SCORE, type Facets, type FacetValue, type LeadQueryInput } from '../../electron/api';
import { formatCount } from '../app/format';

type ListKey = 'offers' | 'actions' | 'sources' | 'countries' | 'statuses';

interface Props {
  facets: Facets | null;
  query: LeadQueryInput;
  onChange: (query: LeadQueryInput) => void;
}

const DATE_PRESETS = [
  ['all', 'Any time'],
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['quarter', 'This quarter'],
] as const;

function Group({ title, values, selected, onToggle, limit = 12 }: { title: string; values: FacetValue[]; selected: readonly string[]; onToggle: (value: string) => void; limit?: number }) {
  const shown = [...values.filter((v) => selected.includes(v.value)), ...values.filter((v) => !selected.includes(v.value))].slice(0, Math.max(limit, selected.length));
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      {shown.map((value) => (
        <label key={value.value} className="facet-option" title={value.value}>
          <input type="checkbox" checked={selected.includes(value.value)} onChange={() => onToggle(value.value)} />
          <span className="facet-label">{value.label}</span>
          <span className="facet-count">{formatCount(value.count)}</span>
        </label>
      ))}
      {values.length === 0 && <p className="muted">None</p>}
    </fieldset>
  );
}

/** Filters with counts for the current query; a dimension's counts ignore its own choice. */
export function FacetPanel({ facets, query, onChange }: Props) {
  const toggle = (key: ListKey) => (value: string) => {
    const current = (query[key] as string[] | undefined) ?? [];
    onChange({ ...query, [key]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] });
  };
  const date = query.date ?? { preset: 'all' };
  return (
    <aside className="facets" aria-label="Filters">
      <fieldset className="facet">
        <legend>Received</legend>
        <select aria-label="Date range" value={date.preset} onChange={(e) => onChange({ ...query, date: { preset: e.target.value as (typeof DATE_PRESETS)[number][0] } })}>
          {DATE_PRESETS.map(([value, label]) => (
            <option key={value} value={value}>{label}</option>
          ))}
          <option value="custom">Custom range</option>
        </select>
        {date.preset === 'custom' && (
          <div className="date-range">
            <input type="date" aria-label="From" value={date.from ?? ''} onChange={(e) => onChange({ ...query, date: { ...date, from: e.target.value || undefined } })} />
            <input type="date" aria-label="To" value={date.to ?? ''} onChange={(e) => onChange({ ...query, date: { ...date, to: e.target.value || undefined } })} />
          </div>
        )}
      </fieldset>
      <fieldset className="facet">
        <legend>Leads</legend>
        <select aria-label="Test or real leads" value={query.test ?? 'real'} onChange={(e) => onChange({ ...query, test: e.target.value as 'real' | 'test' | 'all' })}>
          <option value="real">Real leads</option>
          <option value="test">Test leads only</option>
          <option value="all">Real and test leads</option>
        </select>
        <select aria-label="Do not contact" value={query.doNotContact ?? 'any'} onChange={(e) => onChange({ ...query, doNotContact: e.target.value as 'any' | 'only' | 'exclude' })}>
          <option value="any">Contactable or not</option>
          <option value="exclude">Hide do-not-contact</option>
          <option value="only">Do-not-contact only</option>
        </select>
        <label className="facet-option">
          <input type="checkbox" checked={query.duplicatesOnly ?? false} onChange={(e) => onChange({ ...query, duplicatesOnly: e.target.checked })} />
          <span className="facet-label">Duplicates only</span>
        </label>
        <label className="facet-option">
          <input type="checkbox" checked={query.hot ?? false} onChange={(e) => onChange({ ...query, hot: e.target.checked })} />
          <span className="facet-label">Hot leads ({HOT_SCORE}+)</span>
        </label>
      </fieldset>
      {facets && (
        <>
          <Group title="Action" values={facets.action} selected={query.actions ?? []} onToggle={toggle('actions')} />
          <Group title="Status" values={facets.status} selected={query.statuses ?? []} onToggle={toggle('statuses')} />
          <Group title="Offer" values={facets.offer} selected={query.offers ?? []} onToggle={toggle('offers')} />
          <Group title="Source" values={facets.source} selected={query.sources ?? []} onToggle={toggle('sources')} />
          <Group title="Country" values={facets.country} selected={query.countries ?? []} onToggle={toggle('countries')} limit={15} />
        </>
      )}
    </aside>
  );
}
