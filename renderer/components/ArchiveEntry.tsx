import { useEffect, useState } from 'react';
import type { ArchiveCheck, ArchiveInfo, BackupOutcome } from '../../electron/api';
import { call, onEvent } from '../api';
import { formatCount } from '../app/format';

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** What a check found, in the words `lead-inbox check` uses. */
function CheckReport({ check }: { check: ArchiveCheck }) {
  return (
    <div role="status" className="import-report">
      {check.sound ? (
        <p>
          Sound: {formatCount(check.leads)} leads, {formatCount(check.triaged)} with triage, {formatCount(check.savedViews)} saved views.
        </p>
      ) : (
        check.problems.map((problem) => (
          <p key={problem} className="problem">
            {problem}
          </p>
        ))
      )}
      {check.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}

/**
 * "Your archive": where the only complete copy of the leads lives, "Back up archive…" (a file the user
 * picks on the desktop, a download in browser mode) and "Check archive".
 */
export function ArchiveEntry({ revision }: { revision: number }) {
  const [info, setInfo] = useState<ArchiveInfo | null>(null);
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [busy, setBusy] = useState<'backup' | 'check' | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [backup, setBackup] = useState<BackupOutcome | null>(null);
  const [check, setCheck] = useState<ArchiveCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    call('archiveInfo', {}).then(setInfo, (e: Error) => setError(e.message));
  }, [revision]);
  useEffect(() => onEvent('backup:progress', (event) => setPercent(event.total > 0 ? Math.floor((event.copied / event.total) * 100) : null)), []);

  const run = async (kind: 'backup' | 'check') => {
    setBusy(kind);
    setError(null);
    setBackup(null);
    setCheck(null);
    setPercent(null);
    try {
      if (kind === 'backup') setBackup(await call('backupArchive', { includeSecrets }));
      else setCheck(await call('checkArchive', {}));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="imported-files" aria-label="Your archive">
      <div className="row">
        <strong>Your archive</strong>
        <span className="muted">{info ? `${formatCount(info.leads)} leads, ${megabytes(info.bytes)}` : ''}</span>
      </div>
      {info && (
        <p className="muted archive-path">
          Lives at <code>{info.file}</code>. Partner Center keeps leads for six months; this file keeps them all: back it up.
        </p>
      )}
      <div className="row">
        <button type="button" disabled={busy !== null} onClick={() => void run('backup')}>
          {busy === 'backup' ? `Backing up${percent === null ? '…' : `: ${percent}%`}` : 'Back up archive…'}
        </button>
        <label>
          <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} /> Include saved credentials
        </label>
        <button type="button" className="quiet" disabled={busy !== null} onClick={() => void run('check')}>
          {busy === 'check' ? 'Checking…' : 'Check archive'}
        </button>
      </div>
      {backup && !backup.cancelled && (
        <p role="status">
          Backed up {formatCount(backup.leads)} leads ({megabytes(backup.bytes)}), checked.{' '}
          {backup.downloadUrl ? <a href={backup.downloadUrl} download>Download the backup</a> : <>Saved to <code>{backup.file}</code>.</>}{' '}
          {backup.secretsKept ? 'Saved credentials are in it, encrypted for this computer only.' : 'Saved credentials were left out: after a restore, add them again.'}
        </p>
      )}
      {check && <CheckReport check={check} />}
      {error && (
        <p role="alert" className="problem">
          {error}
        </p>
      )}
    </section>
  );
}
