import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { IMPORTED_DESTINATION, type Facets, type LeadQueryInput, type LeadRow, type Profile, type SyncProgress, type View } from '../../electron/api';
import { call, onEvent } from '../api';
import { DetailPane } from '../components/DetailPane';
import { isTyping, SHORTCUT_ACTIONS, ShortcutsDialog } from '../components/Shortcuts';
import { AddDestination, DestinationList } from '../components/Destinations';
import { ArchiveEntry } from '../components/ArchiveEntry';
import { ImportedFilesEntry } from '../components/ImportedFiles';
import { ExportDialog } from '../components/ExportDialog';
import { FacetPanel } from '../components/Facets';
import { LeadGrid, type GridLayout } from '../components/LeadGrid';
import { Overview } from '../components/Overview';
import { columns } from './columns';
import { formatCount, formatDateTime, timeAgo } from './format';

const DEFAULT_LAYOUT: GridLayout = { columnSizing: {}, columnVisibility: { phone: false, title: false }, columnOrder: [] };

/** Column layouts are presentation only, so they stay in the window's own storage, per view. */
/** A saved view's columns (visible ones, in order, with widths) as a grid layout. */
function layoutOf(view: View): GridLayout {
  // What the user changed in this window wins over the layout the view was saved with.
  if (view.columns.length === 0 || localStorage.getItem(`layout:${view.id}`)) return loadLayout(view.id);
  const shown = view.columns.map((c) => c.key as string);
  return {
    columnOrder: [...shown, ...columns.map((c) => c.id!).filter((id) => !shown.includes(id))],
    columnVisibility: Object.fromEntries(columns.map((c) => [c.id!, shown.includes(c.id!)])),
    columnSizing: Object.fromEntries(view.columns.filter((c) => c.width).map((c) => [c.key, c.width!])),
  };
}

/** The layout's visible columns in order, with their widths, as a saved view keeps them. */
function columnsOf(layout: GridLayout): { key: string; width?: number }[] {
  const order = layout.columnOrder.length ? layout.columnOrder : columns.map((c) => c.id!);
  return order.filter((id) => layout.columnVisibility[id] !== false).map((key) => ({ key, ...(layout.columnSizing[key] ? { width: Math.round(layout.columnSizing[key]) } : {}) }));
}

/** The grid's columns in the layout's order. */
function orderedColumns(layout: GridLayout) {
  if (layout.columnOrder.length === 0) return columns;
  const byId = new Map(columns.map((c) => [c.id!, c]));
  return [...layout.columnOrder.map((id) => byId.get(id)).filter((c) => c !== undefined), ...columns.filter((c) => !layout.columnOrder.includes(c.id!))];
}

/** The ids with the one at `index` moved one place left (-1) or right (+1): the keyboard's way to reorder. */
function moved(ids: string[], index: number, by: -1 | 1): string[] {
  const next = [...ids];
  const [id] = next.splice(index, 1);
  next.splice(index + by, 0, id!);
  return next;
}

function loadLayout(viewId: string): GridLayout {
  try {
    const saved = localStorage.getItem(`layout:${viewId}`);
    return saved ? { ...DEFAULT_LAYOUT, ...(JSON.parse(saved) as GridLayout) } : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function App() {
  const [views, setViews] = useState<View[]>([]);
  const [viewId, setViewId] = useState('inbox');
  const [query, setQuery] = useState<LeadQueryInput>({});
  const [text, setText] = useState('');
  const [facets, setFacets] = useState<Facets | null>(null);
  const [total, setTotal] = useState(0);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [detailId, setDetailId] = useState<number | null>(null);
  const [revision, setRevision] = useState(0);
  const [profiles, setProfiles] = useState<Profile[] | null>(null);
  const [progress, setProgress] = useState<Map<string, SyncProgress>>(new Map());
  const [syncError, setSyncError] = useState<string | null>(null);
  const [newLeads, setNewLeads] = useState(0);
  const [showDestinations, setShowDestinations] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [layout, setLayout] = useState<GridLayout>(() => loadLayout('inbox'));
  const [latestTest, setLatestTest] = useState<LeadRow | null>(null);
  const [showOverview, setShowOverview] = useState(false);
  const [formKind, setFormKind] = useState<'table' | 'blob'>('table');
  const [editing, setEditing] = useState<Profile | null>(null);
  const [hasSample, setHasSample] = useState(false);
  const [showShortcuts, setShowShortcuts] = useState(false);
  // Leads above this id arrived since the user last looked (null until the visit has started).
  const [arrivedAfterId, setArrivedAfterId] = useState<number | null>(null);
  const [arrivedInInbox, setArrivedInInbox] = useState(0);
  const [, tick] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const debouncedText = useDebounced(text, 200);

  const refreshProfiles = useCallback(() => call('listProfiles', {}).then(setProfiles, () => setProfiles([])), []);
  useEffect(() => {
    void call('startVisit', {}).then((visit) => setArrivedAfterId(visit.arrivedAfterId), () => setArrivedAfterId(null));
  }, []);
  // Opening the panel shows destinations as they are now: another program (a cron sync with
  // --key-file, a second window) may have added one or changed how it fares.
  useEffect(() => {
    if (showDestinations) void refreshProfiles();
  }, [showDestinations, refreshProfiles]);
  useEffect(() => {
    void refreshProfiles();
    void call('listViews', {}).then((list) => {
      setViews(list);
      setQuery(list.find((v) => v.id === 'inbox')?.query ?? {});
    });
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, [refreshProfiles]);

  useEffect(() => {
    const offs = [
      onEvent('sync:progress', (event) => setProgress((map) => new Map(map).set(event.progress.destinationId, event.progress))),
      onEvent('sync:finished', (event) => {
        setProgress((map) => {
          const next = new Map(map);
          next.delete(event.result.destinationId);
          return next;
        });
        if (event.result.problems.length > 0) setSyncError(event.result.problems.join(' '));
        void refreshProfiles();
      }),
      onEvent('sync:failed', (event) => {
        setProgress((map) => {
          const next = new Map(map);
          next.delete(event.destinationId);
          return next;
        });
        // A scheduled sync's failure is said in its destination's row and counted on the toolbar; a
        // banner each time it retries would nag.
        if (!event.background) setSyncError(`${event.problem.message} ${event.problem.fix}`);
        void refreshProfiles();
      }),
      onEvent('leads:changed', () => setRevision((n) => n + 1)),
      onEvent('leads:new', (event) => setNewLeads((n) => n + event.count)),
      // A click on a new-lead notification (desktop app): the lead itself, or the new leads.
      onEvent('app:show-new-leads', () => shellActions.current.showNewLeads()),
      onEvent('app:open-lead', (event) => shellActions.current.openLead(event.id)),
    ];
    return () => offs.forEach((off) => off());
  }, [refreshProfiles]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        search.current?.focus();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      const action = SHORTCUT_ACTIONS[event.key];
      if (!action) return;
      event.preventDefault();
      if (action === 'search') search.current?.focus();
      else if (action === 'help') setShowShortcuts(true);
      else if (action === 'export') setExporting(true);
      else if (action === 'status') document.querySelector<HTMLButtonElement>('#lead-detail [role="group"][aria-label="Status"] button[aria-pressed="true"]')?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const effectiveQuery = useMemo(() => ({ ...query, text: debouncedText }), [query, debouncedText]);
  const queryKey = JSON.stringify(effectiveQuery);

  useEffect(() => {
    let live = true;
    call('facets', { query: effectiveQuery }).then((value) => live && setFacets(value), () => undefined);
    return () => {
      live = false;
    };
    // queryKey stands for effectiveQuery's content.
  }, [queryKey, revision]);

  useEffect(() => {
    call('queryLeads', { query: { test: 'test' }, window: { offset: 0, limit: 1 } }).then((page) => setLatestTest(page.rows[0] ?? null), () => undefined);
    call('hasSampleLeads', {}).then(setHasSample, () => undefined);
  }, [revision]);

  const needsAttention = (profiles ?? []).filter((profile) => profile.health.length > 0 || profile.schedule.failures > 0).length;

  // The count of leads that arrived by themselves is in the title too (the taskbar, the tab), and the
  // desktop app's badge is read from it.
  useEffect(() => {
    document.title = newLeads > 0 ? `(${newLeads}) Lead Inbox` : 'Lead Inbox';
  }, [newLeads]);

  // How many of the Inbox's leads arrived since the last visit, for its tab.
  const inboxQuery = views.find((view) => view.id === 'inbox')?.query;
  useEffect(() => {
    if (arrivedAfterId === null || !inboxQuery) return;
    let live = true;
    call('queryLeads', { query: { ...inboxQuery, arrivedAfterId }, window: { offset: 0, limit: 0 } }).then((page) => live && setArrivedInInbox(page.total), () => undefined);
    return () => {
      live = false;
    };
  }, [arrivedAfterId, inboxQuery, revision]);

  const markAllRead = () =>
    void call('setTriage', { target: { query: effectiveQuery }, patch: { read: true } }).then(
      () => setRevision((n) => n + 1),
      (e: Error) => setSyncError(e.message),
    );

  /** Shows what arrived: the Inbox, newest first; the count is then seen. */
  const showNewLeads = () => {
    const inbox = views.find((view) => view.id === 'inbox');
    if (inbox) openView({ ...inbox, query: { ...inbox.query, sort: { column: 'receivedAt', direction: 'desc' } } });
    setNewLeads(0);
  };

  const shellActions = useRef<{ showNewLeads: () => void; openLead: (id: number) => void }>({ showNewLeads, openLead: () => undefined });
  shellActions.current = {
    showNewLeads,
    openLead: (id: number) => {
      showNewLeads();
      setSelectedId(id);
      setDetailId(id);
    },
  };

  const openView = (view: View) => {
    setViewId(view.id);
    setQuery(view.query);
    setText(view.query.text ?? '');
    setLayout(layoutOf(view));
    setSelectedId(null);
  };

  const changeLayout = (next: GridLayout) => {
    setLayout(next);
    localStorage.setItem(`layout:${viewId}`, JSON.stringify(next));
  };

  const sortBy = (column: string) => {
    const current = (query.sort as { column?: string; direction?: string } | undefined) ?? { column: 'receivedAt', direction: 'desc' };
    // Newest and best first on a first click; names and codes A to Z.
    const direction = current.column === column ? (current.direction === 'asc' ? 'desc' : 'asc') : column === 'receivedAt' || column === 'quality' ? 'desc' : 'asc';
    setQuery({ ...query, sort: { column: column as never, direction } });
  };

  const syncAll = async () => {
    setSyncError(null);
    setNewLeads(0);
    for (const profile of profiles ?? []) {
      try {
        await call('startSync', { id: profile.id });
      } catch (failure) {
        setSyncError((failure as Error).message);
      }
    }
    void refreshProfiles();
  };

  const pickWeek = useCallback((week: string, by: 'action' | 'offer', key: string | null) => {
    const end = new Date(`${week}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 6);
    setQuery((current) => ({
      ...current,
      date: { preset: 'custom', from: week, to: end.toISOString().slice(0, 10) },
      ...(key === null ? {} : by === 'action' ? { actions: [key] } : { offers: [key] }),
    }));
  }, []);

  const saveCurrentView = async () => {
    const name = window.prompt('Name this view');
    if (!name) return;
    try {
      const saved = await call('saveView', { definition: { name, query: effectiveQuery, columns: columnsOf(layout) } });
      setViews(await call('listViews', {}));
      setViewId(saved.id);
    } catch (failure) {
      window.alert((failure as Error).message);
    }
  };

  const lastSync = profiles?.map((p) => p.lastSyncAt).filter((t): t is string => t !== null).sort().pop() ?? null;
  const syncing = progress.size > 0;
  const firstRun = profiles !== null && profiles.length === 0 && total === 0;

  return (
    <div className="app">
      <header className="toolbar">
        <h1 className="brand">Lead Inbox</h1>
        {/* A tablist may hold only tabs: "Save view" sits beside it, inside the same navigation landmark. */}
        <nav aria-label="Views" className="views">
          <div role="tablist" aria-label="Views" className="view-tabs">
            {views.map((view) => (
              <button key={view.id} role="tab" type="button" aria-selected={view.id === viewId} onClick={() => openView(view)}>
                {view.name}
                {view.id === 'inbox' && arrivedInInbox > 0 && (
                  <span className="arrived-count" aria-label={`, ${arrivedInInbox} new since your last visit`}> {formatCount(arrivedInInbox)} new</span>
                )}
              </button>
            ))}
          </div>
          <button type="button" className="quiet" onClick={() => void saveCurrentView()}>Save view</button>
        </nav>
        <input
          ref={search}
          type="search"
          role="searchbox"
          aria-label="Search leads"
          placeholder="Search leads (/)"
          aria-keyshortcuts="/ Control+F"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <details className="columns-menu">
          <summary>Columns</summary>
          <div className="menu" role="group" aria-label="Visible columns">
            {orderedColumns(layout).map((column, index, all) => (
              <div key={column.id} className="column-choice">
                <label>
                  <input
                    type="checkbox"
                    checked={layout.columnVisibility[column.id!] !== false}
                    onChange={(e) => changeLayout({ ...layout, columnVisibility: { ...layout.columnVisibility, [column.id!]: e.target.checked } })}
                  />
                  {String(column.header)}
                </label>
                <button type="button" className="quiet" aria-label={`Move ${String(column.header)} left`} disabled={index === 0} onClick={() => changeLayout({ ...layout, columnOrder: moved(all.map((c) => c.id!), index, -1) })}>
                  ↑
                </button>
                <button type="button" className="quiet" aria-label={`Move ${String(column.header)} right`} disabled={index === all.length - 1} onClick={() => changeLayout({ ...layout, columnOrder: moved(all.map((c) => c.id!), index, 1) })}>
                  ↓
                </button>
              </div>
            ))}
          </div>
        </details>
        <span aria-live="polite" className="arrivals">
          {newLeads > 0 && (
            <button type="button" className="new-leads" onClick={showNewLeads} title="Leads that arrived since you looked: show them, newest first">
              {formatCount(newLeads)} new {newLeads === 1 ? 'lead' : 'leads'}
            </button>
          )}
        </span>
        <button type="button" onClick={() => void syncAll()} disabled={syncing || !profiles?.length}>
          Sync
        </button>
        <button type="button" onClick={() => setExporting(true)} disabled={total === 0} aria-keyshortcuts="E">
          Export
        </button>
        <button type="button" className="quiet" onClick={() => setShowShortcuts(true)} aria-keyshortcuts="Shift+?" title="Keyboard shortcuts (?)">
          Shortcuts
        </button>
        <button type="button" className="quiet" onClick={() => setShowOverview((v) => !v)} aria-pressed={showOverview}>
          Overview
        </button>
        <button type="button" className="quiet" onClick={() => setShowDestinations((v) => !v)} aria-expanded={showDestinations}>
          Destinations
          {needsAttention > 0 && (
            <span className="attention" title="Open Destinations to see what needs attention">
              {' '}· {needsAttention} {needsAttention === 1 ? 'needs' : 'need'} attention
            </span>
          )}
        </button>
      </header>

      {(syncError || hasSample || syncing || query.destinationId) && (
        // Notices live in a landmark of their own, so screen-reader users can find them.
        <section aria-label="Notices" className="notices">
          {syncError && (
            <div className="banner problem" role="alert">
              {syncError} <button type="button" className="quiet" onClick={() => setSyncError(null)}>Dismiss</button>
            </div>
          )}
          {query.destinationId && (
            <div className="banner">
              Showing only the leads of {query.destinationId === IMPORTED_DESTINATION ? 'imported files' : query.destinationId}.
              <button type="button" onClick={() => setQuery(({ destinationId: _shown, ...rest }) => rest)}>
                Show every destination
              </button>
            </div>
          )}
          {hasSample && (
            <div className="banner">
              You are looking at generated sample leads.
              <button type="button" onClick={() => void call('removeSampleLeads', {}).then(() => setHasSample(false), (e: Error) => setSyncError(e.message))}>
                Remove sample leads
              </button>
            </div>
          )}
          {syncing && (
            <div className="banner">
              {[...progress.values()].map((p) => (
                <span key={p.destinationId} className="progress-line">
                  <progress aria-label="Sync progress" />
                  Syncing: {formatCount(p.entities)} leads ({formatCount(p.inserted)} new) ·{' '}
                  {p.indexing ? `building the archive's indexes, ${p.indexing.built} of ${p.indexing.of}` : `${formatCount(Math.round(p.rate))}/s`}
                  <button type="button" onClick={() => void call('cancelSync', { id: p.destinationId })}>Cancel</button>
                </span>
              ))}
            </div>
          )}
        </section>
      )}

      {(showDestinations || firstRun) && (
        <section className="destinations-panel" aria-label="Lead destinations">
          {firstRun && (
            <div className="empty-state">
              <h2>Welcome to Lead Inbox</h2>
              <p>
                The commercial marketplace writes every customer lead into a storage account you own: a table called
                MarketplaceLeads, or CSV files for older offers. Connect that account once; Lead Inbox keeps a copy you can
                search offline, forever.
              </p>
              <div className="row">
                <button type="button" onClick={() => setFormKind('table')}>Add Azure Table destination</button>
                <button type="button" onClick={() => setFormKind('blob')}>Import legacy Blob container</button>
                <button type="button" onClick={() => void call('addSampleLeads', { count: 5000 }).catch((e: Error) => setSyncError(e.message))}>
                  Try with sample data
                </button>
              </div>
            </div>
          )}
          {profiles && profiles.length > 0 && (
            <DestinationList
              profiles={profiles}
              progress={progress}
              onSync={(id) => void call('startSync', { id }).catch((e: Error) => setSyncError(e.message))}
              onCancel={(id) => void call('cancelSync', { id })}
              onRemove={(id) => void call('removeProfile', { id }).then(refreshProfiles)}
              onEdit={setEditing}
              onSchedule={(id, everyMinutes) => void call('setSyncSchedule', { id, everyMinutes }).then(refreshProfiles, (e: Error) => setSyncError(e.message))}
              onHealthSettings={(id, quietDays, offerChangedAt) => void call('setHealthSettings', { id, quietDays, offerChangedAt }).then(refreshProfiles, (e: Error) => setSyncError(e.message))}
            />
          )}
          <ImportedFilesEntry
            revision={revision}
            // The panel is held open from the start: the imported leads end the first run (a refresh pushed
            // while the import is still answering), and closing the panel then would lose the report.
            onImporting={() => setShowDestinations(true)}
            onImported={() => setRevision((n) => n + 1)}
            onShow={(destinationId) => setQuery({ ...query, destinationId, test: 'all' })}
          />
          {!firstRun && <ArchiveEntry revision={revision} />}
          <AddDestination
            key={editing ? `edit:${editing.id}` : formKind}
            initialKind={formKind}
            editing={editing ?? undefined}
            onAdded={() => {
              setShowDestinations(true);
              setEditing(null);
              void refreshProfiles();
            }}
            onCancel={firstRun ? undefined : () => (editing ? setEditing(null) : setShowDestinations(false))}
          />
        </section>
      )}

      {showOverview && <Overview query={effectiveQuery} revision={revision} onPick={pickWeek} />}

      <main className="workspace">
        <FacetPanel facets={facets} query={query} onChange={setQuery} />
        <LeadGrid
          query={effectiveQuery}
          revision={revision}
          layout={layout}
          onLayoutChange={changeLayout}
          onSort={sortBy}
          onTotal={setTotal}
          selectedId={selectedId}
          arrivedAfterId={arrivedAfterId}
          onSelect={(id) => {
            // A reading pane, as in mail clients: the selected lead is the one shown.
            setSelectedId(id);
            setDetailId(id);
          }}
          onOpen={(id) => {
            setSelectedId(id);
            setDetailId(id);
            // Enter (or a double click) moves into the lead, to triage it from the keyboard.
            requestAnimationFrame(() => document.getElementById('lead-detail')?.focus());
          }}
        />
        {detailId !== null && (
          <DetailPane id={detailId} revision={revision} onClose={() => setDetailId(null)} onChanged={() => setRevision((n) => n + 1)} onOpenLead={setDetailId} />
        )}
      </main>

      <footer className="statusbar">
        <span role="status" aria-label="Row count">{formatCount(total)} leads</span>
        <span>Last synced {timeAgo(lastSync)}</span>
        {total > 0 && (
          <button type="button" className="quiet" onClick={markAllRead} title="Mark every lead in this view as read">
            Mark all as read
          </button>
        )}
        <span className="delivery" title="The newest Microsoft test lead: press Validate in Partner Center to send one">
          Marketplace delivery: {latestTest ? `test lead received ${formatDateTime(latestTest.receivedAt)}` : 'no test lead yet'}
        </span>
      </footer>
      {showShortcuts && <ShortcutsDialog onClose={() => setShowShortcuts(false)} />}
      {exporting && <ExportDialog query={effectiveQuery} total={total} onClose={() => setExporting(false)} />}
    </div>
  );
}
