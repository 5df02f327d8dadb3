import { useEffect, useRef, useState } from 'react';
import type { LeadQueryInput } from '../../electron/api';
import { call, onEvent } from '../api';
import { formatCount } from '../app/format';

/** Export exactly the current view: format, columns, BOM; progress and Cancel; a download or a saved file. */
export function ExportDialog({ query, total, onClose }: { query: LeadQueryInput; total: number; onClose: () => void }) {
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [columns, setColumns] = useState<'default' | 'all'>('default');
  const [bom, setBom] = useState(true);
  const [progress, setProgress] = useState<{ rows: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exportId = useRef(`x${Date.now().toString(36)}`);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
    return onEvent('export:progress', (event) => event.exportId === exportId.current && setProgress({ rows: event.rows, total: event.total }));
  }, []);

  const start = async () => {
    setError(null);
    setOutcome(null);
    setProgress({ rows: 0, total });
    try {
      const result = await call('startExport', { exportId: exportId.current, query, format, columns, bom });
      if (result.cancelled) setOutcome('Export cancelled; no file was written.');
      else if ('downloadUrl' in result && result.downloadUrl) {
        const link = document.createElement('a');
        link.href = result.downloadUrl;
        link.download = '';
        link.click();
        setOutcome(`Exported ${formatCount(result.rows)} leads; your browser is downloading the file.`);
      } else if ('file' in result) setOutcome(`Exported ${formatCount(result.rows)} leads to ${result.file}.`);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setProgress(null);
      exportId.current = `x${Date.now().toString(36)}`;
    }
  };

  return (
    <dialog ref={dialog} className="export-dialog" aria-label="Export leads" onClose={onClose}>
      <h2>Export {formatCount(total)} leads</h2>
      <p className="muted">Exactly the leads in the current view, in its order.</p>
      <fieldset>
        <legend>Format</legend>
        <label><input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (Excel, CRM import)</label>
        <label><input type="radio" name="format" checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} /> Excel workbook (XLSX)</label>
      </fieldset>
      <fieldset>
        <legend>Columns</legend>
        <label><input type="radio" name="columns" checked={columns === 'default'} onChange={() => setColumns('default')} /> The usual 17</label>
        <label><input type="radio" name="columns" checked={columns === 'all'} onChange={() => setColumns('all')} /> All, with raw lead source, keys and every extra property</label>
      </fieldset>
      {format === 'csv' && (
        <label><input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> UTF-8 byte-order mark (Excel needs it for accents)</label>
      )}
      {progress && (
        <div className="progress-line">
          <progress aria-label="Export progress" max={progress.total || 1} value={progress.rows} />
          <span>{formatCount(progress.rows)} of {formatCount(progress.total)}</span>
          <button type="button" onClick={() => void call('cancelExport', { exportId: exportId.current })}>Cancel</button>
        </div>
      )}
      {outcome && <p role="status">{outcome}</p>}
      {error && <p role="alert" className="problem">{error}</p>}
      <div className="row end">
        <button type="button" onClick={() => dialog.current?.close()}>Close</button>
        <button type="button" className="primary" disabled={progress !== null} onClick={() => void start()}>Export</button>
      </div>
    </dialog>
  );
}
