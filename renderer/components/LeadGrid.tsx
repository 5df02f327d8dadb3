import { useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LeadQueryInput, LeadRow } from '../../electron/api';
import { call } from '../api';
import { columnSpan, type ColumnSpan, type GridColumn } from '../app/columnSpan';
import { cellText, columns, copyText, features, SORTABLE } from '../app/columns';

const ROW_HEIGHT = 32;
const PAGE = 200;
const EMPTY: LeadRow[] = [];

export interface GridLayout {
  columnSizing: Record<string, number>;
  columnVisibility: Record<string, boolean>;
  columnOrder: string[];
}

interface Props {
  query: LeadQueryInput;
  /** Changes whenever leads change (sync, triage), so visible rows are fetched again. */
  revision: number;
  layout: GridLayout;
  onLayoutChange: (layout: GridLayout) => void;
  onSort: (column: string) => void;
  onTotal: (total: number) => void;
  onOpen: (id: number) => void;
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** Leads above this id arrived since the user's last visit, and are marked so. */
  arrivedAfterId: number | null;
}

interface RowProps {
  readonly index: number;
  readonly row: LeadRow | undefined;
  readonly columns: readonly GridColumn[];
  readonly span: ColumnSpan;
  readonly width: number;
  readonly active: boolean;
  /** The active cell's column, on the active row only (-1 elsewhere), so other rows' props stay equal. */
  readonly activeColumn: number;
  readonly selected: boolean;
  readonly arrived: boolean;
  readonly onRowClick: (index: number) => void;
  readonly onRowOpen: (index: number) => void;
  readonly onCellClick: (column: number) => void;
}

/**
 * One row. Scrolling re-renders the grid every frame; a row whose lead, place and state did not change is
 * skipped (memo), so a frame builds only the rows that came into view.
 */
const GridRow = memo(function GridRow({ index, row, columns, span, width, active, activeColumn, selected, arrived, onRowClick, onRowOpen, onCellClick }: RowProps) {
  const classes = ['grid-row', active ? 'active' : '', selected ? 'selected' : '', row?.isTest ? 'is-test' : '', row && !row.read ? 'unread' : '', arrived ? 'arrived' : ''];
  return (
    <div
      id={`lead-row-${index}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT, width }}
      onClick={(event) => {
        // One handler a row rather than one a cell: the cell clicked is found from the event.
        const cell = (event.target as Element).closest('[aria-colindex]');
        if (cell) onCellClick(Number(cell.getAttribute('aria-colindex')) - 1);
        onRowClick(index);
      }}
      onDoubleClick={() => onRowOpen(index)}
    >
      {span.offset > 0 && <div className="grid-spacer" style={{ width: span.offset }} />}
      {columns.slice(span.from, span.to).map((column, i) => {
        const columnIndex = span.from + i;
        return (
          <div
            key={column.id}
            role="gridcell"
            aria-colindex={columnIndex + 1}
            className={`grid-cell cell-${column.id}${columnIndex === activeColumn ? ' active-cell' : ''}`}
          >
            {i === 0 && arrived && <span className="visually-hidden">New since your last visit: </span>}
            {row ? cellText(row, column.id) : <span className="placeholder" />}
          </div>
        );
      })}
    </div>
  );
});

/**
 * Every lead the query selects, reachable by scrolling: the scroll height is the server's total, and rows
 * are fetched a page at a time as they come into view. Sorting is the server's, over all leads.
 */
export function LeadGrid({ query, revision, layout, onLayoutChange, onSort, onTotal, onOpen, selectedId, onSelect, arrivedAfterId }: Props) {
  const key = useMemo(() => JSON.stringify(query), [query]);
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<Map<number, LeadRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const [activeColumn, setActiveColumn] = useState(0);
  const loading = useRef(new Set<number>());
  const scrollRef = useRef<HTMLDivElement>(null);
  const generation = useRef(0);

  const table = useTable({
    features,
    columns,
    data: EMPTY,
    columnResizeMode: 'onChange',
    state: { columnSizing: layout.columnSizing, columnVisibility: layout.columnVisibility, columnOrder: layout.columnOrder },
    onColumnSizingChange: (updater) => onLayoutChange({ ...layout, columnSizing: typeof updater === 'function' ? updater(layout.columnSizing) : updater }),
    onColumnVisibilityChange: (updater) => onLayoutChange({ ...layout, columnVisibility: typeof updater === 'function' ? updater(layout.columnVisibility) : updater }),
    onColumnOrderChange: (updater) => onLayoutChange({ ...layout, columnOrder: typeof updater === 'function' ? updater(layout.columnOrder) : updater }),
  });

  const fetchPage = useCallback(
    (page: number) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      const mine = generation.current;
      call('queryLeads', { query: JSON.parse(key) as LeadQueryInput, window: { offset: page * PAGE, limit: PAGE } })
        .then((result) => {
          if (mine !== generation.current) return;
          setTotal(result.total);
          onTotal(result.total);
          setPages((previous) => new Map(previous).set(page, result.rows));
          setError(null);
        })
        .catch((failure: Error) => mine === generation.current && setError(failure.message))
        .finally(() => loading.current.delete(page));
    },
    [key, onTotal],
  );

  useEffect(() => {
    generation.current++;
    loading.current.clear();
    setPages(new Map());
    fetchPage(0);
  }, [key, fetchPage]);

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(0);
  }, [key]);

  const virtualizer = useVirtualizer({ count: total, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 2 });
  const items = virtualizer.getVirtualItems();

  // Leads changed (a sync, a triage edit): the rows in view stay on screen, and answer keys and clicks,
  // until their fresh copies arrive; pages out of view are dropped and fetched again when scrolled to.
  const seenRevision = useRef(revision);
  const inView = useRef<number[]>([]);
  inView.current = [...new Set(items.map((item) => Math.floor(item.index / PAGE)))];
  useEffect(() => {
    if (seenRevision.current === revision) return;
    seenRevision.current = revision;
    generation.current++;
    loading.current.clear();
    const shown = inView.current.length > 0 ? inView.current : [0];
    setPages((previous) => new Map(shown.flatMap((page) => (previous.has(page) ? [[page, previous.get(page)!] as const] : []))));
    shown.forEach(fetchPage);
  }, [revision, fetchPage]);
  // The page after the last one in view is fetched too, so scrolling on finds its rows already there.
  useEffect(() => {
    const wanted = inView.current.length > 0 ? [...inView.current, Math.max(...inView.current) + 1] : [];
    wanted.forEach((page) => page * PAGE < total && !pages.has(page) && fetchPage(page));
  }, [items, pages, fetchPage, total]);

  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  const visibleColumns = table.getVisibleLeafColumns();
  const width = visibleColumns.reduce((sum, column) => sum + column.getSize(), 0);
  const columnsKey = visibleColumns.map((column) => `${column.id}:${column.getSize()}`).join(',');
  const gridColumns = useMemo(
    () => columnsKey.split(',').map((entry) => ({ id: entry.slice(0, entry.lastIndexOf(':')), size: Number(entry.slice(entry.lastIndexOf(':') + 1)) })),
    [columnsKey],
  );
  // Cell widths live in one style sheet, not in a style attribute on every cell: a scrolled frame creates
  // hundreds of cells. Set through the CSS object model, which the window's content security policy allows.
  useLayoutEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(gridColumns.map((column) => `.grid-row > .cell-${column.id} { width: ${column.size}px; }`).join('\n'));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
    };
  }, [gridColumns]);

  // Dragging a header onto another puts it in that place; the order is part of the view's layout.
  const dragged = useRef<string | null>(null);
  const dropOn = (target: string) => {
    const from = dragged.current;
    dragged.current = null;
    if (!from || from === target) return;
    const current = layout.columnOrder.length > 0 ? layout.columnOrder : table.getAllLeafColumns().map((column) => column.id);
    const order = current.filter((id) => id !== from);
    order.splice(order.indexOf(target), 0, from);
    table.setColumnOrder(order);
  };

  // Handlers that stay the same function across renders (memoized rows compare them), reading the latest state.
  const latest = useRef({ rowAt, onSelect, onOpen, onSort, dropOn });
  latest.current = { rowAt, onSelect, onOpen, onSort, dropOn };
  const onRowClick = useCallback((index: number) => {
    setActive(index);
    const row = latest.current.rowAt(index);
    if (row) latest.current.onSelect(row.id);
  }, []);
  const onRowOpen = useCallback((index: number) => {
    const row = latest.current.rowAt(index);
    if (row) latest.current.onOpen(row.id);
  }, []);
  const onCellClick = useCallback((column: number) => setActiveColumn(column), []);

  // Only the columns in (or near) the horizontal view are drawn: at 1280 px about half of them.
  const [view, setView] = useState({ left: 0, width: 0 });
  const measure = useCallback(() => {
    const element = scrollRef.current;
    if (!element) return;
    setView((seen) => (seen.left === element.scrollLeft && seen.width === element.clientWidth ? seen : { left: element.scrollLeft, width: element.clientWidth }));
  }, []);
  useEffect(() => {
    measure();
    const element = scrollRef.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [measure]);
  const span = columnSpan(gridColumns, view.left, view.width);
  // An equal span stays the same object, so rows stay memoized.
  const stableSpan = useMemo(() => span, [span.from, span.to, span.offset]);

  // The active cell is kept in view as the arrows move it across columns.
  const columnsNow = useRef(gridColumns);
  columnsNow.current = gridColumns;
  useEffect(() => {
    const element = scrollRef.current;
    const columns = columnsNow.current;
    const column = columns[activeColumn];
    if (!element || !column) return;
    const start = columns.slice(0, activeColumn).reduce((sum, c) => sum + c.size, 0);
    if (start < element.scrollLeft) element.scrollLeft = start;
    else if (start + column.size > element.scrollLeft + element.clientWidth) element.scrollLeft = start + column.size - element.clientWidth;
  }, [activeColumn]);
  const sort = (query.sort as { column?: string; direction?: string } | undefined) ?? { column: 'receivedAt', direction: 'desc' };

  // The header changes with the columns and the sort only, not with every scrolled frame.
  const header = useMemo(
    () => (
      <div className="grid-header" role="row" aria-rowindex={1} style={{ width }}>
        {table.getHeaderGroups()[0]!.headers.map((header) => {
          const sortable = SORTABLE.has(header.column.id);
          const sorted = sort.column === header.column.id ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-sort={sortable ? sorted : undefined}
              className="grid-cell grid-head"
              style={{ width: header.getSize() }}
              draggable
              onDragStart={() => (dragged.current = header.column.id)}
              onDragOver={(event) => event.preventDefault()}
              onDrop={() => latest.current.dropOn(header.column.id)}
            >
              <button type="button" className="head-button" disabled={!sortable} onClick={() => latest.current.onSort(header.column.id)} title={sortable ? 'Sort by this column' : undefined}>
                {String(header.column.columnDef.header ?? '')}
                {sorted === 'ascending' ? ' ▲' : sorted === 'descending' ? ' ▼' : ''}
              </button>
              <span className="resizer" onMouseDown={header.getResizeHandler()} onTouchStart={header.getResizeHandler()} aria-hidden="true" />
            </div>
          );
        })}
      </div>
    ),
    // The handlers are read from `latest`: these are all the header shows.
    [columnsKey, sort.column, sort.direction, width],
  );

  const move = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    const row = rowAt(next);
    if (row) onSelect(row.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, j: 1, k: -1, PageDown: pageRows, PageUp: -pageRows };
    if (event.ctrlKey || event.metaKey || event.altKey) {
      if (event.key.toLowerCase() !== 'c') return;
    }
    if (event.key in moves) {
      event.preventDefault();
      move(active + moves[event.key]!);
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      setActiveColumn((column) => Math.max(0, Math.min(visibleColumns.length - 1, column + (event.key === 'ArrowLeft' ? -1 : 1))));
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      move(event.key === 'Home' ? 0 : total - 1);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rowAt(active);
      if (row) onOpen(row.id);
    } else if ((event.ctrlKey || event.metaKey) && event.key === 'c') {
      // Ctrl+C copies the active cell; with Shift, the whole row (tab-separated, as spreadsheets paste it).
      const row = rowAt(active);
      if (!row) return;
      const text = (column: (typeof visibleColumns)[number]) => copyText(row, column.id);
      const value = event.shiftKey ? visibleColumns.map(text).join('\t') : text(visibleColumns[Math.min(activeColumn, visibleColumns.length - 1)]!);
      void navigator.clipboard?.writeText(value);
    }
  };

  return (
    <div className="grid-wrap">
      {error && <div className="error" role="alert">{error}</div>}
      <div
        ref={scrollRef}
        className="grid-scroll"
        role="grid"
        aria-label="Leads"
        aria-rowcount={total + 1}
        aria-colcount={visibleColumns.length}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={measure}
        aria-activedescendant={rowAt(active) ? `lead-row-${active}` : undefined}
      >
        {header}
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <GridRow
                // Keyed by slot, not by lead: the row scrolling out of view is the element reused for the
                // one scrolling in, so a scrolled frame changes text and attributes instead of making
                // and removing a few hundred elements.
                key={item.index % items.length}
                index={item.index}
                row={row}
                columns={gridColumns}
                span={stableSpan}
                width={width}
                active={item.index === active}
                activeColumn={item.index === active ? activeColumn : -1}
                selected={row !== undefined && row.id === selectedId}
                arrived={row !== undefined && arrivedAfterId !== null && row.id > arrivedAfterId}
                onRowClick={onRowClick}
                onRowOpen={onRowOpen}
                onCellClick={onCellClick}
              />
            );
          })}
        </div>
        {total === 0 && !error && <p className="empty-grid">No leads match. Clear the search or a filter to see more.</p>}
      </div>
    </div>
  );
}
