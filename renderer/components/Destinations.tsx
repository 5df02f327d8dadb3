import { useEffect, useState, type FormEvent } from 'react';
import { SYNC_EVERY_CHOICES, type Diagnosis, type Profile, type SecretsStatus, type SyncProgress } from '../../electron/api';
import { call } from '../api';
import { formatCount, timeAgo, timeUntil } from '../app/format';

type Access = 'connectionString' | 'sasUrl' | 'accountKey';

function DiagnosisView({ diagnosis }: { diagnosis: Diagnosis }) {
  if (diagnosis.ok) return <p className="ok" role="status">Added. {diagnosis.message}</p>;
  return (
    <div className="problem" role="alert">
      <p><strong>{diagnosis.problem.message}</strong></p>
      <p>What to do: {diagnosis.problem.fix}</p>
    </div>
  );
}

/**
 * Where saved credentials stand, said before the user fills the form: on a desktop without a keychain they
 * are protected by a passphrase, typed here (chosen the first time); a notice (a reset keychain) is shown once.
 */
function CredentialProtection({ status, onChange }: { status: SecretsStatus; onChange: (status: SecretsStatus) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (status.state === 'ready') return status.notice ? <p className="problem" role="status">{status.notice}</p> : null;
  if (status.state === 'unavailable') {
    return (
      <div className="problem" role="region" aria-label="Credential protection">
        <p>{status.reason}</p>
      </div>
    );
  }
  const unlock = async (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (status.firstTime && passphrase !== confirm) {
      setError('The two passphrases differ.');
      return;
    }
    try {
      onChange(await call('unlockSecrets', { passphrase }));
      setPassphrase('');
      setConfirm('');
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  return (
    <div className="problem" role="region" aria-label="Credential protection">
      <p>{status.reason}</p>
      <div className="row">
        <label>
          {status.firstTime ? 'Choose a passphrase (8 characters or more)' : 'Passphrase'}
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoComplete="new-password" />
        </label>
        {status.firstTime && (
          <label>
            Again
            <input type="password" value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />
          </label>
        )}
        <button type="button" onClick={(e) => void unlock(e)}>{status.firstTime ? 'Protect credentials' : 'Unlock'}</button>
      </div>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}

/** Add a lead destination: checked against Azure before it is saved, with the reason when it fails. */
export function AddDestination({
  onAdded,
  onCancel,
  initialKind = 'table',
  editing,
}: {
  onAdded: (profile: Profile) => void;
  onCancel?: () => void;
  initialKind?: 'table' | 'blob';
  /** Updating a saved destination: same table or container, a new credential (a rotated key, a new SAS) or name. */
  editing?: Profile;
}) {
  const [kind, setKind] = useState<'table' | 'blob'>(editing?.kind ?? initialKind);
  const [name, setName] = useState(editing?.name ?? '');
  const [access, setAccess] = useState<Access>('connectionString');
  const [secret, setSecret] = useState('');
  const [accountName, setAccountName] = useState('');
  const [resource, setResource] = useState(editing?.resource ?? (initialKind === 'table' ? 'MarketplaceLeads' : ''));
  const [diagnosis, setDiagnosis] = useState<Diagnosis | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [secrets, setSecrets] = useState<SecretsStatus | null>(null);
  useEffect(() => {
    call('secretsStatus', {}).then(setSecrets, (failure: Error) => setError(failure.message));
  }, []);
  const locked = secrets?.state === 'locked' || secrets?.state === 'unavailable';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setDiagnosis(null);
    try {
      const request = {
        kind,
        ...(access === 'connectionString' ? { connectionString: secret } : access === 'sasUrl' ? { sasUrl: secret } : { accountName, accountKey: secret }),
        ...(kind === 'table' ? { tableName: resource } : { container: resource.split('/')[0], prefix: resource.split('/').slice(1).join('/') }),
        ...(name.trim() ? { name: name.trim() } : {}),
      };
      const result = await call('addProfile', { request });
      setDiagnosis(result.diagnosis);
      if (result.profile) {
        // The secret is saved encrypted; the form does not keep it around.
        setSecret('');
        onAdded(result.profile);
      }
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="add-destination" onSubmit={(e) => void submit(e)} aria-label={editing ? 'Update destination' : 'Add destination'}>
      <h2>{editing ? `Update ${editing.name}` : 'Add a lead destination'}</h2>
      {editing && <p className="hint">Enter the credential again (for example after rotating the key or when the SAS expired). Archived leads and their triage stay.</p>}
      {secrets && <CredentialProtection status={secrets} onChange={setSecrets} />}
      <div className="row">
        <label>
          Kind
          <select value={kind} onChange={(e) => { setKind(e.target.value as 'table' | 'blob'); setResource(e.target.value === 'table' ? 'MarketplaceLeads' : ''); }}>
            <option value="table">Azure Table (current offers)</option>
            <option value="blob">Legacy Blob container (CSV files)</option>
          </select>
        </label>
        <label>
          Sign in with
          <select value={access} onChange={(e) => setAccess(e.target.value as Access)}>
            <option value="connectionString">Connection string</option>
            <option value="sasUrl">SAS URL (read + list)</option>
            <option value="accountKey">Account name and key</option>
          </select>
        </label>
      </div>
      {access === 'accountKey' && (
        <label>
          Storage account name
          <input value={accountName} onChange={(e) => setAccountName(e.target.value)} autoComplete="off" spellCheck={false} />
        </label>
      )}
      <label>
        {access === 'connectionString' ? 'Connection string' : access === 'sasUrl' ? 'SAS URL' : 'Account key'}
        <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" spellCheck={false} required />
      </label>
      <label>
        {kind === 'table' ? 'Table name' : 'Container'}
        <input value={resource} onChange={(e) => setResource(e.target.value)} spellCheck={false} required={kind === 'blob'} />
      </label>
      <label>
        Name (optional)
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="MarketplaceLeads (account)" />
      </label>
      <p className="hint">
        Copy the connection string from the Azure portal: storage account › Access keys. A SAS with only Read and List is
        safer. If the account has a firewall, allow this computer&rsquo;s IP address (the marketplace must be allowed too).
      </p>
      <div className="row">
        <button type="submit" disabled={busy || locked}>{busy ? 'Testing…' : editing ? 'Test connection and update' : 'Test connection and add'}</button>
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
      </div>
      {diagnosis && <DiagnosisView diagnosis={diagnosis} />}
      {error && <p role="alert" className="problem">{error}</p>}
    </form>
  );
}

/**
 * When Microsoft's newest test lead reached this destination: pressing Validate in Partner Center sends
 * one, so a publisher sees here that delivery works.
 */
function DeliveryCheck({ destinationId, lastSyncAt }: { destinationId: string; lastSyncAt: string | null }) {
  const [latest, setLatest] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    call('queryLeads', { query: { test: 'test', destinationId }, window: { offset: 0, limit: 1 } }).then(
      (page) => setLatest(page.rows[0]?.receivedAt ?? null),
      () => setLatest(null),
    );
  }, [destinationId, lastSyncAt]);
  if (latest === undefined) return null;
  return <span className="muted"> · {latest ? `latest test lead ${timeAgo(latest)}` : 'no test lead yet (Validate in Partner Center sends one)'}</span>;
}

const EVERY_LABELS: Record<number, string> = { 0: 'Off (only when I press Sync)', 5: 'Every 5 minutes', 15: 'Every 15 minutes', 60: 'Every hour' };

/** How the destination syncs by itself, and when it next will; a failing one says why and when it tries again. */
function Schedule({ profile, onChange }: { profile: Profile; onChange: (everyMinutes: number) => void }) {
  const { schedule } = profile;
  const choices: number[] = [...SYNC_EVERY_CHOICES];
  // A value set elsewhere (a script, an older version) is shown as it is rather than silently changed.
  if (!choices.includes(schedule.everyMinutes)) choices.push(schedule.everyMinutes);
  return (
    <div className="schedule">
      <label>
        Sync by itself
        <select value={schedule.everyMinutes} onChange={(e) => onChange(Number(e.target.value))}>
          {choices.map((minutes) => (
            <option key={minutes} value={minutes}>{EVERY_LABELS[minutes] ?? `Every ${minutes} minutes`}</option>
          ))}
        </select>
      </label>
      {schedule.nextSyncAt && schedule.failures === 0 && <span className="muted"> next sync {timeUntil(schedule.nextSyncAt)}</span>}
      {schedule.failures > 0 && schedule.lastProblem && (
        <div className="problem" role="status">
          <strong>
            {schedule.failures === 1 ? 'The last sync failed' : `The last ${schedule.failures} syncs failed`}: {schedule.lastProblem.message}
          </strong>{' '}
          What to do: {schedule.lastProblem.fix}
          {schedule.nextSyncAt && <> Trying again {timeUntil(schedule.nextSyncAt)}, less often while it fails.</>}
        </div>
      )}
    </div>
  );
}

/** What needs attention about the destination, most urgent first, each with what to do. */
function Health({ profile }: { profile: Profile }) {
  // A failing sync is already said by the schedule line; the rest are listed here.
  const warnings = profile.health.filter((warning) => warning.code !== 'syncs-failing' || profile.schedule.failures === 0);
  if (warnings.length === 0) return null;
  return (
    <ul className="health" aria-label={`Health of ${profile.name}`}>
      {warnings.map((warning) => (
        <li key={warning.code} className={warning.severity === 'problem' ? 'problem' : 'warning'}>
          <strong>{warning.message}</strong> What to do: {warning.fix}
        </li>
      ))}
    </ul>
  );
}

/** When health warns: after how many days without a lead, and when the offer last changed (to check delivery since). */
function HealthSettingsForm({ profile, onChange }: { profile: Profile; onChange: (quietDays: number, offerChangedAt: string | null) => void }) {
  const { quietDays, offerChangedAt } = profile.healthSettings;
  return (
    <details className="health-settings">
      <summary>Health settings</summary>
      <label>
        Warn after this many days without a lead (0: never)
        <input
          type="number"
          min={0}
          max={3650}
          defaultValue={quietDays}
          onBlur={(e) => {
            const days = Number(e.target.value);
            if (Number.isFinite(days) && days >= 0 && days !== quietDays) onChange(days, offerChangedAt);
          }}
        />
      </label>
      <label>
        I last changed the offer on (optional)
        <input type="date" defaultValue={offerChangedAt?.slice(0, 10) ?? ''} onChange={(e) => onChange(quietDays, e.target.value ? `${e.target.value}T00:00:00Z` : null)} />
      </label>
    </details>
  );
}

/** The destinations with their last sync, their schedule, and the sync in progress. */
export function DestinationList({ profiles, progress, onSync, onCancel, onRemove, onEdit, onSchedule, onHealthSettings }: { profiles: Profile[]; progress: Map<string, SyncProgress>; onSync: (id: string) => void; onCancel: (id: string) => void; onRemove: (id: string) => void; onEdit: (profile: Profile) => void; onSchedule: (id: string, everyMinutes: number) => void; onHealthSettings: (id: string, quietDays: number, offerChangedAt: string | null) => void }) {
  return (
    <ul className="destinations" aria-label="Destinations">
      {profiles.map((profile) => {
        const running = progress.get(profile.id);
        return (
          <li key={profile.id}>
            <div>
              <strong>{profile.name}</strong>
              <span className="muted"> · last synced {timeAgo(profile.lastSyncAt)}</span>
              <DeliveryCheck destinationId={profile.id} lastSyncAt={profile.lastSyncAt} />
            </div>
            <Schedule profile={profile} onChange={(everyMinutes) => onSchedule(profile.id, everyMinutes)} />
            <Health profile={profile} />
            <HealthSettingsForm profile={profile} onChange={(quietDays, offerChangedAt) => onHealthSettings(profile.id, quietDays, offerChangedAt)} />
            {running ? (
              <div className="progress-line">
                <progress aria-label={`Sync of ${profile.name}`} />
                <span>
                  {formatCount(running.entities)} leads,{' '}
                  {running.indexing ? `building indexes ${running.indexing.built} of ${running.indexing.of}` : `${formatCount(Math.round(running.rate))}/s`}
                </span>
                <button type="button" onClick={() => onCancel(profile.id)}>Cancel</button>
              </div>
            ) : (
              <div className="row">
                <button type="button" onClick={() => onSync(profile.id)}>Sync now</button>
                <button type="button" className="quiet" onClick={() => onEdit(profile)}>Update</button>
                <button type="button" className="quiet" onClick={() => onRemove(profile.id)}>Remove</button>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
