import { useEffect, useRef, useState } from 'react';
import { CRM_PRESETS, CRM_TARGETS, handOffSummary, INCLUDE_LABELS, type CrmTarget, type ExportOutcome, type LeadQueryInput } from '../../electron/api';
import { call, onEvent } from '../api';
import { formatCount } from '../app/format';

type Purpose = 'spreadsheet' | CrmTarget;
type Includable = keyof typeof INCLUDE_LABELS;

/** The file's name, without the folder (browser mode's names also carry a time prefix). */
const fileName = (path: string) => path.split(/[\\/]/).pop()!.replace(/^\d+-/, '');

/**
 * Export exactly the current view: for a spreadsheet (format, columns, BOM) or for a CRM's import wizard
 * (its columns, with what is left out by default and why); progress and Cancel; a download or saved files.
 */
export function ExportDialog({ query, total, onClose }: { query: LeadQueryInput; total: number; onClose: () => void }) {
  const [purpose, setPurpose] = useState<Purpose>('spreadsheet');
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const [columns, setColumns] = useState<'default' | 'all'>('default');
  const [bom, setBom] = useState(true);
  const [include, setInclude] = useState<Record<Includable, boolean>>({ test: false, doNotContact: false, noPersonalData: false });
  const [progress, setProgress] = useState<{ rows: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<{ text: string; notes: string[]; links: { url: string; name: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const exportId = useRef(`x${Date.now().toString(36)}`);
  const dialog = useRef<HTMLDialogElement>(null);
  const handOff = purpose === 'spreadsheet' ? undefined : purpose;

  useEffect(() => {
    dialog.current?.showModal();
    return onEvent('export:progress', (event) => event.exportId === exportId.current && setProgress({ rows: event.rows, total: event.total }));
  }, []);

  const describe = (result: Exclude<ExportOutcome, { chosen: false }>) => {
    const what = result.handOff ? `${formatCount(result.rows)} leads for ${result.handOff.label}` : `${formatCount(result.rows)} leads`;
    const notes = result.handOff ? handOffSummary(result.handOff, result.files, 'window') : [];
    const urls = result.downloadUrls ?? [];
    if (urls.length === 1) {
      const link = document.createElement('a');
      link.href = urls[0]!;
      link.download = '';
      link.click();
      return { text: `Exported ${what}; your browser is downloading the file.`, notes, links: [] };
    }
    if (urls.length > 1) {
      return { text: `Exported ${what} in ${urls.length} files; download each:`, notes, links: urls.map((url, i) => ({ url, name: fileName(result.files[i]!) })) };
    }
    const where = result.files.length === 1 ? result.files[0] : `${result.files.length} files beside ${result.file}`;
    return { text: `Exported ${what} to ${where}.`, notes, links: [] };
  };

  const start = async () => {
    setError(null);
    setOutcome(null);
    setProgress({ rows: 0, total });
    try {
      const request = handOff
        ? { exportId: exportId.current, query, format: 'csv' as const, handOff: { target: handOff, include } }
        : { exportId: exportId.current, query, format, columns, bom };
      const result = await call('startExport', request);
      if ('chosen' in result) setOutcome({ text: 'Export cancelled; no file was written.', notes: [], links: [] });
      else if (result.cancelled) setOutcome({ text: 'Export cancelled; no file was written.', notes: [], links: [] });
      else setOutcome(describe(result));
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
      <div className="field">
        <label htmlFor="export-for">For</label>
        <select id="export-for" value={purpose} onChange={(e) => setPurpose(e.target.value as Purpose)}>
          <option value="spreadsheet">A spreadsheet (the inbox&apos;s columns)</option>
          {CRM_TARGETS.map((target) => (
            <option key={target} value={target}>{CRM_PRESETS[target].label}</option>
          ))}
        </select>
      </div>
      {handOff ? (
        <fieldset>
          <legend>Left out unless kept</legend>
          {(Object.keys(INCLUDE_LABELS) as Includable[]).map((kind) => (
            <label key={kind}>
              <input type="checkbox" checked={include[kind]} onChange={(e) => setInclude({ ...include, [kind]: e.target.checked })} /> {INCLUDE_LABELS[kind]}
            </label>
          ))}
          <p className="muted">
            A CSV with the column names of {CRM_PRESETS[handOff].label}
            {CRM_PRESETS[handOff].needsEmail ? '; leads without an email address are left out, as it matches people by email' : ''}.
          </p>
        </fieldset>
      ) : (
        <>
          <fieldset>
            <legend>Format</legend>
            <label><input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} /> CSV (Excel, other tools)</label>
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
        </>
      )}
      {progress && (
        <div className="progress-line">
          <progress aria-label="Export progress" max={progress.total || 1} value={progress.rows} />
          <span>{formatCount(progress.rows)} of {formatCount(progress.total)}</span>
          <button type="button" onClick={() => void call('cancelExport', { exportId: exportId.current })}>Cancel</button>
        </div>
      )}
      {outcome && (
        <div role="status">
          <p>{outcome.text}</p>
          {outcome.links.length > 0 && (
            <ul className="export-files">
              {outcome.links.map((link) => (
                <li key={link.url}><a href={link.url} download="">{link.name}</a></li>
              ))}
            </ul>
          )}
          {outcome.notes.length > 0 && (
            <ul className="export-notes">
              {outcome.notes.map((note) => <li key={note}>{note}</li>)}
            </ul>
          )}
        </div>
      )}
      {error && <p role="alert" className="problem">{error}</p>}
      <div className="row end">
        <button type="button" onClick={() => dialog.current?.close()}>Close</button>
        <button type="button" className="primary" disabled={progress !== null} onClick={() => void start()}>Export</button>
      </div>
    </dialog>
  );
}
