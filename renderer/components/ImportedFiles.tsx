import { useEffect, useRef, useState } from 'react';
import { MAX_UPLOAD_CHARS, type ImportedFiles, type ImportResult } from '../../electron/api';
import { call } from '../api';
import { formatCount, timeAgo } from '../app/format';

const ACCEPTED = '.json,.jsonl,.ndjson,.csv';
const MB = 1024 * 1024;

/** One line per file of an import: what it gave, and each line that could not be read. */
function ImportReport({ result }: { result: ImportResult }) {
  return (
    <div role="status" className="import-report">
      <p>
        Imported {formatCount(result.inserted)} new {result.inserted === 1 ? 'lead' : 'leads'}
        {result.unchanged + result.updated > 0 ? ` (${formatCount(result.unchanged + result.updated)} already in the archive)` : ''}.
      </p>
      <ul aria-label="Imported files, one by one">
        {result.files.map((file) => (
          <li key={file.name}>
            <strong>{file.name}</strong>
            {file.kind && file.leads > 0 && `: ${formatCount(file.leads)} ${file.leads === 1 ? 'lead' : 'leads'}, ${formatCount(file.inserted)} new`}
            {file.problems.map((problem) => (
              <span key={`${problem.line}:${problem.message}`} className="problem">
                {' '}{problem.line ? `Line ${problem.line}: ` : ''}{problem.message}
              </span>
            ))}
            {file.unrecognisedColumns.length > 0 && <span className="muted"> Columns kept as they are: {file.unrecognisedColumns.join(', ')}.</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The "Imported files" destination: its files and leads, and "Import lead files…", which reads the chosen
 * files (a file picker on the desktop, an upload in browser mode) and sends their text through the contract.
 */
export function ImportedFilesEntry({
  revision,
  onImporting,
  onImported,
  onShow,
}: {
  revision: number;
  /** Called as an import starts: its leads can end the first run before the import answers, and the report must outlive that. */
  onImporting: () => void;
  onImported: () => void;
  onShow: (destinationId: string) => void;
}) {
  const [summary, setSummary] = useState<ImportedFiles | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const picker = useRef<HTMLInputElement>(null);

  useEffect(() => {
    call('listImportedFiles', {}).then(setSummary, (e: Error) => setError(e.message));
  }, [revision]);

  const importChosen = async (chosen: File[]) => {
    setError(null);
    setResult(null);
    const bytes = chosen.reduce((sum, file) => sum + file.size, 0);
    if (bytes > MAX_UPLOAD_CHARS) {
      setError(`These files hold ${Math.ceil(bytes / MB)} MB; the window imports up to ${MAX_UPLOAD_CHARS / MB} MB at a time. Choose fewer, or use lead-inbox import for a whole folder.`);
      return;
    }
    setBusy(true);
    onImporting();
    try {
      const files = await Promise.all(chosen.map(async (file) => ({ name: file.name, text: await file.text(), modifiedAt: new Date(file.lastModified).toISOString() })));
      setResult(await call('importLeadFiles', { files }));
      setSummary(await call('listImportedFiles', {}));
      onImported();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const latest = summary?.files[0]?.importedAt ?? null;
  return (
    <section className="imported-files" aria-label="Imported files">
      <div className="row">
        <strong>Imported files</strong>
        <span className="muted">
          {summary && summary.files.length > 0
            ? `${formatCount(summary.files.length)} ${summary.files.length === 1 ? 'file' : 'files'}, ${formatCount(summary.leads)} leads · last import ${timeAgo(latest)}`
            : 'saved HTTPS-endpoint payloads (.json, .jsonl) and Partner Center Referrals downloads (.csv)'}
        </span>
      </div>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => picker.current?.click()}>
          {busy ? 'Importing…' : 'Import lead files…'}
        </button>
        {summary && summary.leads > 0 && (
          <button type="button" className="quiet" onClick={() => onShow(summary.destinationId)}>
            Show imported leads
          </button>
        )}
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPTED}
          hidden
          aria-label="Lead files to import"
          onChange={(e) => {
            const chosen = [...(e.target.files ?? [])];
            e.target.value = '';
            if (chosen.length > 0) void importChosen(chosen);
          }}
        />
      </div>
      {result && <ImportReport result={result} />}
      {error && <p role="alert" className="problem">{error}</p>}
    </section>
  );
}
