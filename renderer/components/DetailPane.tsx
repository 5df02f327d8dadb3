import { useEffect, useState } from 'react';
import { HOT_SCORE, mailtoHref, telHref, type LeadDetail, type TriageStatus } from '../../electron/api';
import { TRIAGE_STATUSES } from '../../electron/apiChannels';
import { call } from '../api';
import { formatDateTime } from '../app/format';

const READ_AFTER_MS = 800;

const RECEIVED_FROM: Partial<Record<LeadDetail['receivedFrom'], string>> = {
  Timestamp: ' (when the table row was written: the lead has no readable CreatedTime)',
  unknown: ' (unknown: the lead has no readable time)',
};

interface Props {
  id: number;
  revision: number;
  onClose: () => void;
  onChanged: () => void;
  onOpenLead: (id: number) => void;
}

function Field({ label, value, href }: { label: string; value: string; href?: string }) {
  if (!value) return null;
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>
        {href ? <a href={href}>{value}</a> : value}
        <button type="button" className="copy" aria-label={`Copy ${label.toLowerCase()}`} onClick={() => void navigator.clipboard?.writeText(value)}>
          Copy
        </button>
      </dd>
    </div>
  );
}

/** One lead in full: the customer, what the marketplace says happened, duplicates, triage, raw entity. */
export function DetailPane({ id, revision, onClose, onChanged, onOpenLead }: Props) {
  const [lead, setLead] = useState<LeadDetail | null>(null);
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let markRead: ReturnType<typeof setTimeout> | undefined;
    call('leadDetail', { id })
      .then((detail) => {
        if (!live) return;
        setLead(detail);
        setNotes(detail?.triage.notes ?? '');
        // Read once it has been on screen a moment, as mail clients do: running down the list with j/k
        // does not mark every lead passed over.
        if (detail && !detail.triage.read) {
          markRead = setTimeout(() => void call('setTriage', { target: { ids: [id] }, patch: { read: true } }).then(onChanged, () => undefined), READ_AFTER_MS);
        }
      })
      .catch((failure: Error) => live && setError(failure.message));
    return () => {
      live = false;
      clearTimeout(markRead);
    };
    // onChanged is stable enough: re-reading on every parent render would mark leads read twice.
  }, [id, revision]);

  if (error) return <aside id="lead-detail" tabIndex={-1} className="detail" aria-label="Lead"><p role="alert">{error}</p></aside>;
  if (!lead) return <aside id="lead-detail" tabIndex={-1} className="detail" aria-label="Lead"><p className="muted">Loading…</p></aside>;

  const setStatus = (status: TriageStatus) => call('setTriage', { target: { ids: [id] }, patch: { status } }).then(onChanged, (e: Error) => setError(e.message));
  const saveNotes = () => notes !== lead.triage.notes && call('setTriage', { target: { ids: [id] }, patch: { notes } }).then(onChanged, (e: Error) => setError(e.message));
  const name = `${lead.firstName} ${lead.lastName}`.trim() || (lead.piiWithheld ? 'Name withheld' : '(no name)');

  return (
    <aside id="lead-detail" tabIndex={-1} className="detail" aria-label="Lead">
      <header className="detail-head">
        <h2>{name}</h2>
        <button type="button" onClick={onClose} aria-label="Close lead">×</button>
      </header>
      <div className="detail-badges">
        {lead.isTest && <span className="badge badge-test">Test lead{lead.testSentAt ? ` · sent ${formatDateTime(lead.testSentAt)}` : ''}</span>}
        {lead.doNotContact && <span className="badge badge-dnc">Do not contact</span>}
        {lead.piiWithheld && <span className="badge">PII withheld</span>}
        {lead.customerInfoStatus === 'invalid' && <span className="badge badge-dnc">Contact details unreadable (raw kept below)</span>}
      </div>
      <dl className="fields">
        <Field label="Email" value={lead.email} href={mailtoHref(lead.email)} />
        <Field label="Phone" value={lead.phone} href={telHref(lead.phone)} />
        <Field label="Company" value={lead.company} />
        <Field label="Title" value={lead.title} />
        <Field label="Country" value={lead.country} />
        <Field label="Received" value={`${formatDateTime(lead.receivedAt)}${RECEIVED_FROM[lead.receivedFrom] ?? ''}`} />
      </dl>
      <section className="what">
        <h3>What happened</h3>
        <p>
          <strong>{lead.actionLabel}</strong> ({lead.action || 'no action code'}) — {lead.actionMeaning}
        </p>
        <p>
          Via <strong>{lead.sourceLabel}</strong>{lead.source && lead.source !== lead.sourceLabel ? ` (${lead.source})` : ''}, offer <code>{lead.offer || '—'}</code>
          {lead.offerName ? ` (${lead.offerName})` : ''}.
        </p>
        {lead.description && <p className="description">{lead.description}</p>}
      </section>
      <section className="quality-hint" aria-labelledby="quality-heading">
        <h3 id="quality-heading">
          Quality {lead.qualityHint.score} of 100{lead.qualityHint.hot && <span className="badge badge-hot">Hot</span>}
        </h3>
        <ul className="quality-reasons">
          {lead.qualityHint.reasons.map((reason) => (
            <li key={reason.text} className={reason.points > 0 ? 'met' : 'missed'}>
              <span className="points">{reason.of > 0 ? `${reason.points}/${reason.of}` : '0'}</span> {reason.text}
            </li>
          ))}
        </ul>
        <p className="muted small">Computed on this computer from the lead itself; {HOT_SCORE} or more is a hot lead. Partner Center rates no leads.</p>
      </section>
      <section>
        <h3>Triage</h3>
        <div className="status-buttons" role="group" aria-label="Status">
          {TRIAGE_STATUSES.map((status) => (
            <button key={status} type="button" aria-pressed={lead.triage.status === status} onClick={() => void setStatus(status)}>
              {status[0]!.toUpperCase() + status.slice(1)}
            </button>
          ))}
        </div>
        <label className="notes">
          Notes
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} onBlur={() => void saveNotes()} rows={3} />
        </label>
      </section>
      {lead.duplicateGroup && (
        <section>
          <h3>
            {lead.duplicateGroup.leads.length} leads from this person ({lead.duplicateGroup.reason})
          </h3>
          <ul className="dupes">
            {lead.duplicateGroup.leads.map((other) => (
              <li key={other.id}>
                <button type="button" className="link" disabled={other.id === id} onClick={() => onOpenLead(other.id)}>
                  {formatDateTime(other.receivedAt)} · {other.action} · {other.offer}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <details className="raw">
        <summary>Raw entity</summary>
        <pre>{JSON.stringify(lead.raw, null, 2)}</pre>
      </details>
    </aside>
  );
}
