import type { Archive, ArchiveChange } from '../store';
import { TRIAGE_STATUSES } from '../store/triageStatuses';
import { duplicateGroupsStale } from './duplicates';
import { qualityScore } from '../leads/quality';
import { qualifiedDuplicateIds } from './quality';
import { parseLeadQuery, type SortColumn } from './query';
import { orderBySql, sortIndexOf } from './querySql';
import { codedOrder, nocaseKey, orderOf, patchedOrder, TextOrderBuilder, type SortOrder } from './sortOrders';

export type { SortOrder } from './sortOrders';

/** Distinct values of one column, each with a small number the index stores instead of the text. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }

  /** The code of a value, or -1 when no lead has it. */
  find(value: string): number {
    return this.codes.get(value) ?? -1;
  }
}

export const FLAG_TEST = 1;
export const FLAG_DO_NOT_CONTACT = 2;
export const FLAG_HAS_EMAIL = 4;
export const FLAG_HAS_PHONE = 8;
export const FLAG_READ = 16;
/** In a group of two or more leads sharing a duplicate key (see duplicates.ts). */
export const FLAG_DUPLICATE = 32;

const STATUS_CODE = new Map<string, number>(TRIAGE_STATUSES.map((status, i) => [status, i]));

// Received time as epoch milliseconds, computed by SQLite: one number per row instead of a string to parse.
const LEAD_COLUMNS = `id, round(unixepoch(received_at, 'subsec') * 1000),
  is_test | (do_not_contact << 1) | ((email != '') << 2) | ((phone != '') << 3),
  offer, action, source, country, destination_id, coalesce(quality, 0)`;

const CHUNK = 50_000;
/**
 * Duplicate groups and sort orders are re-read once leads have stopped changing for this long (a sync
 * writes page after page).
 */
const QUIET_MS = 2000;

/** The direction in which a column's order is read forwards. */
export function forwardDirection(column: SortColumn): 'asc' | 'desc' {
  return column === 'receivedAt' || column === 'quality' ? 'desc' : 'asc';
}

/**
 * The sort columns whose orders the index holds, in the order it works them out: received time from its
 * index (every other order breaks ties by it), the coded columns from their dictionaries, the text
 * columns from the leads' text once someone sorts by them. Quality is derived from received time when
 * asked (qualityOrder).
 */
const ORDERED_COLUMNS = ['receivedAt', 'offer', 'country', 'company', 'lastName', 'email'] as const satisfies readonly SortColumn[];
const CODED_COLUMNS = { offer: 'offer', country: 'country' } as const;
const TEXT_COLUMNS = { company: 'company', lastName: 'last_name', email: 'email' } as const;
type TextColumn = keyof typeof TEXT_COLUMNS;
const TEXT_COLUMN_NAMES = Object.keys(TEXT_COLUMNS) as TextColumn[];

function isTextColumn(column: SortColumn): column is TextColumn {
  return column in TEXT_COLUMNS;
}

/**
 * A text column's order from before leads changed, with the leads changed since (new ones are the ids
 * above maxId): patched when few changed, so a sync bringing a handful of leads costs milliseconds, not
 * a sort of every lead's text (seconds at a million).
 */
interface StaleOrder {
  readonly order: SortOrder;
  readonly maxId: number;
  readonly changed: Set<number>;
}

/**
 * More changed leads than this, and the order is sorted afresh: each costs about 20 row look-ups, and a
 * patch of 1,000 takes about 200 ms at a million leads, the longest any step of the index takes.
 */
const PATCH_LIMIT = 1000;

/** A text column's order being worked out: its texts read up to `readTo`, then sorted in steps. */
interface TextOrderInProgress {
  readonly column: TextColumn;
  readonly builder: TextOrderBuilder;
  readTo: number;
}

type LeadTuple = [number, number, number, string, string, string, string, string, number];

/**
 * Every lead's filterable fields in typed arrays indexed by lead id: what a search, a filter or a facet
 * needs to look at, without reading a row. At 1M leads it takes about 25 MB and is read from the archive
 * in steps of 50,000 leads; after that it follows the archive's own writes (new, changed and removed
 * leads, triage) and rebuilds when another process wrote the file.
 */
export class LeadIndex {
  received = new Float64Array(0);
  flags = new Uint8Array(0);
  present = new Uint8Array(0);
  status = new Uint8Array(0);
  offer = new Uint32Array(0);
  action = new Uint32Array(0);
  source = new Uint32Array(0);
  country = new Uint32Array(0);
  destination = new Uint32Array(0);
  /** The stored quality score (from the lead's own data); see score() for the one shown. */
  quality = new Uint8Array(0);
  readonly dictionaries = { offer: new Dictionary(), action: new Dictionary(), source: new Dictionary(), country: new Dictionary(), destination: new Dictionary() };
  /** Highest lead id read so far; ids above it are leads written since. */
  maxId = 0;
  size = 0;
  private built = false;
  private dataVersion: number;
  private readonly updatedIds = new Set<number>();
  private readonly triageIds = new Set<number>();
  private rebuildNeeded = false;
  private readonly orders = new Map<SortColumn, SortOrder>();
  private textOrder: TextOrderInProgress | null = null;
  /**
   * The text columns someone sorted by since the index was made: only their orders are worked out (seconds
   * of sorting at a million leads, which on two cores slowed the window's first paint when done for all
   * three at every start), and then kept up to date.
   */
  private readonly wantedText = new Set<TextColumn>();
  private readonly staleOrders = new Map<TextColumn, StaleOrder>();
  /** Leads another lead of whose person is qualified, by id (1), read when first asked after a change. */
  private qualifiedDuplicates: Uint8Array | null = null;
  /** Leads up to this id have a current FLAG_DUPLICATE, read in steps since leads last changed; -1: none. */
  private duplicatesReadTo = -1;
  private lastLeadChange = -Infinity;
  private readonly readRange;
  private readonly readIds;
  private readonly readTriage;
  private readonly readTriageIds;
  private readonly maxLeadId;
  private readonly readDuplicateIds;

  constructor(readonly archive: Archive) {
    const db = archive.db;
    this.readRange = db.prepare<[number, number]>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id > ? AND id <= ?`).raw();
    this.readIds = db.prepare<[string]>(`SELECT ${LEAD_COLUMNS} FROM leads WHERE id IN (SELECT value FROM json_each(?))`).raw();
    this.readTriage = db.prepare('SELECT lead_id, status, read FROM lead_triage').raw();
    this.readTriageIds = db.prepare<[string]>('SELECT lead_id, status, read FROM lead_triage WHERE lead_id IN (SELECT value FROM json_each(?))').raw();
    this.readDuplicateIds = db
      .prepare<[number, number]>(
        "SELECT d.id FROM leads d WHERE d.id > ? AND d.id <= ? AND d.duplicate_key != '' AND EXISTS (SELECT 1 FROM duplicate_groups g WHERE g.duplicate_key = d.duplicate_key)",
      )
      .pluck();
    this.maxLeadId = db.prepare('SELECT coalesce(max(id), 0) FROM leads').pluck();
    this.dataVersion = this.currentDataVersion();
    archive.onChange((change) => this.noteChange(change));
  }

  /** True once every lead has been read (and the index can answer queries). */
  get ready(): boolean {
    return this.built && !this.rebuildNeeded;
  }

  /**
   * Reads the next step: leads, then the triage table, then duplicate groups, then one sort order at a
   * time. Returns null when nothing is left, else the milliseconds to wait before the next step. Callers
   * run steps from the event loop, so queries are answered (from SQL) while the index fills.
   */
  buildStep(): number | null {
    if (!this.archive.db.open) return null;
    if (this.rebuildNeeded) this.reset();
    if (!this.built) {
      const target = this.maxLeadId.get() as number;
      if (this.maxId < target) {
        const to = Math.min(target, this.maxId + CHUNK);
        this.store(this.readRange.all(this.maxId, to) as LeadTuple[]);
        this.maxId = to;
        return 0;
      }
      this.applyTriage(this.readTriage.all() as [number, string, number][]);
      this.triageIds.clear();
      this.built = true;
      return 0;
    }
    const missing = this.missingOrder();
    if (missing === undefined && this.duplicatesRead) return null;
    const quietFor = performance.now() - this.lastLeadChange;
    if (quietFor < QUIET_MS) return QUIET_MS - quietFor;
    // Groups and orders cover every lead the archive holds now: leads written since are read in first.
    if (!this.catchUp()) return 0;
    // The index never writes: duplicate groups a sync left stale are brought up to date by the next
    // query (prepareForQueries), which also restarts these steps. Until then, sort orders go first.
    if (!this.duplicatesRead && (this.duplicatesReadTo >= 0 || !duplicateGroupsStale(this.archive))) {
      this.readDuplicatesStep();
      return 0;
    }
    if (missing === undefined) return null;
    if (missing === 'receivedAt') {
      const order = this.readTimeOrder();
      if (order) this.orders.set(missing, order);
    } else if (isTextColumn(missing)) this.textOrderStep(missing);
    else this.orders.set(missing, this.codedOrder(missing as keyof typeof CODED_COLUMNS));
    return 0;
  }

  /**
   * Builds the whole index now, every sort order included (benchmarks and tests; the app builds it step
   * by step). Duplicate groups only if current: call prepareForQueries first to bring them up to date.
   */
  buildNow(): this {
    for (const column of TEXT_COLUMN_NAMES) this.wantedText.add(column);
    this.lastLeadChange = -Infinity;
    while (this.buildStep() !== null);
    return this;
  }

  /** The order of a sort column, when it has been read since leads last changed. */
  orderOf(column: SortColumn): SortOrder | undefined {
    if (column === 'quality' && !this.orders.has(column)) {
      const order = this.qualityOrder();
      if (order) this.orders.set(column, order);
    }
    if (isTextColumn(column) && !this.wantedText.has(column)) {
      this.wantedText.add(column);
      builders.get(this)?.();
    }
    return this.orders.get(column);
  }

  /** A lead's shown quality score: qualityScore (leads/quality.ts) of its stored one. */
  score(id: number): number {
    this.qualifiedDuplicates ??= this.readQualifiedDuplicates();
    return qualityScore(this.quality[id]!, this.qualifiedDuplicates[id] === 1);
  }

  private readQualifiedDuplicates(): Uint8Array {
    const marked = new Uint8Array(this.present.length);
    for (const id of qualifiedDuplicateIds(this.archive)) if (id < marked.length) marked[id] = 1;
    return marked;
  }

  /**
   * Best score first, newest first among equals: the received-time order split into one bucket per score,
   * a few milliseconds at a million leads. None until the received-time order has been read.
   */
  private qualityOrder(): SortOrder | undefined {
    const byTime = this.orders.get('receivedAt');
    if (!byTime) return undefined;
    const counts = new Uint32Array(101);
    for (const id of byTime.idAt) counts[100 - this.score(id)]!++;
    const next = new Uint32Array(101);
    for (let bucket = 1; bucket <= 100; bucket++) next[bucket] = next[bucket - 1]! + counts[bucket - 1]!;
    const idAt = new Int32Array(byTime.idAt.length);
    const rankOf = new Uint32Array(byTime.rankOf.length);
    for (const id of byTime.idAt) {
      const rank = next[100 - this.score(id)]!++;
      idAt[rank] = id;
      rankOf[id] = rank;
    }
    return { rankOf, idAt };
  }

  /** True when steps are left to run (a rebuild, duplicate groups or sort orders to read). */
  get hasWork(): boolean {
    return this.rebuildNeeded || !this.built || !this.duplicatesRead || this.missingOrder() !== undefined;
  }

  /** The next sort order to work out; none while a first load has the received-time index unbuilt. */
  private missingOrder(): SortColumn | undefined {
    if (this.archive.indexesDeferred) return undefined;
    return ORDERED_COLUMNS.find((column) => !this.orders.has(column) && (!isTextColumn(column) || this.wantedText.has(column)));
  }

  /** Whether the index holds what this query filters on: duplicate groups only once read. */
  answers(query: { readonly duplicatesOnly: boolean }): boolean {
    return !query.duplicatesOnly || this.duplicatesRead;
  }

  private get duplicatesRead(): boolean {
    return this.duplicatesReadTo >= this.maxId;
  }

  /** Reads the next 50,000 ids' membership of duplicate groups (about 70 ms at 1M leads). */
  private readDuplicatesStep(): void {
    const from = Math.max(0, this.duplicatesReadTo);
    const to = Math.min(this.maxId, from + CHUNK);
    const flags = this.flags;
    for (let id = from + 1; id <= to; id++) flags[id]! &= ~FLAG_DUPLICATE;
    for (const id of this.readDuplicateIds.iterate(from, to) as IterableIterator<number>) flags[id]! |= FLAG_DUPLICATE;
    this.duplicatesReadTo = to;
  }

  /** The received-time order, read through its index; none when another process's first load has just dropped it. */
  private readTimeOrder(): SortOrder | undefined {
    const query = parseLeadQuery({ sort: { column: 'receivedAt', direction: forwardDirection('receivedAt') } });
    const ids = this.archive.readSnapshot(() => {
      const index = sortIndexOf(this.archive, query);
      return index ? (this.archive.db.prepare(`SELECT l.id FROM leads l INDEXED BY ${index} ORDER BY ${orderBySql(query)}`).pluck().all() as number[]) : undefined;
    });
    return ids && orderOf(Int32Array.from(ids), Math.max(this.present.length, ids.reduce((max, id) => (id > max ? id : max), 0) + 1));
  }

  private codedOrder(column: keyof typeof CODED_COLUMNS): SortOrder {
    const name = CODED_COLUMNS[column];
    return codedOrder(this.orders.get('receivedAt')!, this[name], this.dictionaries[name].values);
  }

  /**
   * One step of a text column's order: the next 50,000 ids' texts (a scan of their rows, about 40 ms at
   * a million leads), then the builder's sorts and merges. No index on the text is kept in the archive:
   * building the five sort indexes took about 15% of a first sync's listing time.
   */
  private textOrderStep(column: TextColumn): void {
    const stale = this.staleOrders.get(column);
    this.staleOrders.delete(column);
    if (stale) {
      // Leads that arrived and then changed are in both.
      const changed = new Set(stale.changed);
      for (let id = stale.maxId + 1; id <= this.maxId; id++) changed.add(id);
      const present = [...changed].filter((id) => this.present[id] === 1);
      if (present.length <= PATCH_LIMIT) {
        this.orders.set(column, this.patchTextOrder(column, stale.order, present));
        return;
      }
    }
    if (this.textOrder?.column !== column) this.textOrder = { column, builder: new TextOrderBuilder(this.orders.get('receivedAt')!), readTo: 0 };
    const progress = this.textOrder;
    if (progress.readTo < this.maxId) {
      const to = Math.min(this.maxId, progress.readTo + CHUNK);
      const [ids, texts] = this.readTexts(column).get(progress.readTo, to) as [string, string];
      progress.builder.addTexts(JSON.parse(ids) as number[], JSON.parse(texts) as string[]);
      progress.readTo = to;
      return;
    }
    const order = progress.builder.step();
    if (!order) return;
    this.orders.set(column, order);
    this.textOrder = null;
  }

  private patchTextOrder(column: TextColumn, old: SortOrder, changed: number[]): SortOrder {
    const keys = new Map<number, string>();
    for (const [id, text] of this.archive.db
      .prepare<[string]>(`SELECT id, ${TEXT_COLUMNS[column]} FROM leads WHERE id IN (SELECT value FROM json_each(?))`)
      .raw()
      .iterate(JSON.stringify(changed)) as IterableIterator<[number, string]>) {
      keys.set(id, nocaseKey(text));
    }
    const textOf = this.archive.db.prepare<[number]>(`SELECT ${TEXT_COLUMNS[column]} FROM leads WHERE id = ?`).pluck();
    const keyOf = (id: number): string => {
      let key = keys.get(id);
      if (key === undefined) {
        key = nocaseKey((textOf.get(id) as string | undefined) ?? '');
        keys.set(id, key);
      }
      return key;
    };
    return patchedOrder(old, changed, this.orders.get('receivedAt')!, keyOf);
  }

  /** Ids and texts as two JSON arrays: one row per step instead of one per lead, twice as fast to read. */
  private readTexts(column: TextColumn) {
    return this.archive.db.prepare<[number, number]>(`SELECT json_group_array(id), json_group_array(${TEXT_COLUMNS[column]}) FROM leads WHERE id > ? AND id <= ?`).raw();
  }

  /**
   * Brings a complete index up to date with writes made since it was read: leads added, changed, triaged.
   * Returns false when it cannot (another process changed the file, or leads were removed): it must rebuild.
   */
  catchUp(): boolean {
    if (!this.ready || !this.archive.db.open) return false;
    if (this.currentDataVersion() !== this.dataVersion) {
      this.rebuildNeeded = true;
      return false;
    }
    const target = this.maxLeadId.get() as number;
    while (this.maxId < target) {
      const to = Math.min(target, this.maxId + CHUNK);
      this.store(this.readRange.all(this.maxId, to) as LeadTuple[]);
      this.maxId = to;
    }
    if (this.updatedIds.size > 0) {
      this.store(this.readIds.all(JSON.stringify([...this.updatedIds])) as LeadTuple[]);
      this.updatedIds.clear();
    }
    if (this.triageIds.size > 0) {
      const ids = [...this.triageIds];
      for (const id of ids) if (id < this.status.length) this.status[id] = 0;
      for (const id of ids) if (id < this.flags.length) this.flags[id]! &= ~FLAG_READ;
      this.applyTriage(this.readTriageIds.all(JSON.stringify(ids)) as [number, string, number][]);
      this.triageIds.clear();
    }
    return true;
  }

  private currentDataVersion(): number {
    return this.archive.db.pragma('data_version', { simple: true }) as number;
  }

  private noteChange(change: ArchiveChange): void {
    // Indexes built after a first load: the next steps work out the orders that waited for them.
    if (change.kind === 'indexes') return;
    // Marking a lead qualified or not changes the scores of its duplicates, and so the quality order.
    this.qualifiedDuplicates = null;
    this.orders.delete('quality');
    if (change.kind === 'triage') {
      for (const id of change.ids) this.triageIds.add(id);
      return;
    }
    // New, changed or removed leads move others' ranks and join or leave groups: both are read again later,
    // the text orders patched with what changed.
    for (const column of TEXT_COLUMN_NAMES) {
      const order = this.orders.get(column);
      if (order) this.staleOrders.set(column, { order, maxId: this.maxId, changed: new Set() });
    }
    if (change.kind === 'leads') for (const stale of this.staleOrders.values()) for (const id of change.updatedIds) stale.changed.add(id);
    this.orders.clear();
    this.textOrder = null;
    this.duplicatesReadTo = -1;
    this.lastLeadChange = performance.now();
    if (change.kind === 'removed') this.rebuildNeeded = true;
    else for (const id of change.updatedIds) this.updatedIds.add(id);
  }

  private reset(): void {
    this.received = new Float64Array(0);
    this.flags = new Uint8Array(0);
    this.present = new Uint8Array(0);
    this.status = new Uint8Array(0);
    this.quality = new Uint8Array(0);
    for (const name of ['offer', 'action', 'source', 'country', 'destination'] as const) this[name] = new Uint32Array(0);
    this.maxId = 0;
    this.size = 0;
    this.built = false;
    this.rebuildNeeded = false;
    this.orders.clear();
    this.textOrder = null;
    this.staleOrders.clear();
    this.qualifiedDuplicates = null;
    this.duplicatesReadTo = -1;
    this.updatedIds.clear();
    this.triageIds.clear();
    this.dataVersion = this.currentDataVersion();
  }

  private grow(maxId: number): void {
    if (maxId < this.present.length) return;
    let length = Math.max(1024, this.present.length);
    while (length <= maxId) length *= 2;
    const grown = <T extends Float64Array | Uint8Array | Uint32Array>(old: T, make: (n: number) => T): T => {
      const next = make(length);
      next.set(old);
      return next;
    };
    this.received = grown(this.received, (n) => new Float64Array(n));
    this.flags = grown(this.flags, (n) => new Uint8Array(n));
    this.present = grown(this.present, (n) => new Uint8Array(n));
    this.status = grown(this.status, (n) => new Uint8Array(n));
    this.quality = grown(this.quality, (n) => new Uint8Array(n));
    for (const name of ['offer', 'action', 'source', 'country', 'destination'] as const) this[name] = grown(this[name], (n) => new Uint32Array(n));
  }

  private store(rows: LeadTuple[]): void {
    if (rows.length === 0) return;
    let highest = 0;
    for (const row of rows) if (row[0] > highest) highest = row[0];
    this.grow(highest);
    const { offer, action, source, country, destination } = this.dictionaries;
    for (const [id, received, flags, o, a, s, c, d, q] of rows) {
      if (!this.present[id]) this.size++;
      this.present[id] = 1;
      this.received[id] = received;
      this.flags[id] = (this.flags[id]! & FLAG_READ) | flags;
      this.offer[id] = offer.code(o);
      this.action[id] = action.code(a);
      this.source[id] = source.code(s);
      this.country[id] = country.code(c);
      this.destination[id] = destination.code(d);
      this.quality[id] = q;
    }
  }

  private applyTriage(rows: [number, string, number][]): void {
    for (const [id, status, read] of rows) {
      if (id >= this.present.length) continue;
      this.status[id] = STATUS_CODE.get(status) ?? 0;
      if (read === 1) this.flags[id]! |= FLAG_READ;
      else this.flags[id]! &= ~FLAG_READ;
    }
  }
}

const indexes = new WeakMap<Archive, LeadIndex>();

/**
 * Gives an archive its lead index and fills it from the event loop, a step at a time; later rebuilds
 * (after another process wrote the file) are scheduled the same way. Returns the index.
 */
export function attachLeadIndex(archive: Archive, schedule: (step: () => void, delayMs: number) => void = defaultSchedule): LeadIndex {
  let index = indexes.get(archive);
  if (index) return index;
  index = new LeadIndex(archive);
  indexes.set(archive, index);
  const attached = index;
  let running = false;
  const run = () => {
    const delay = attached.buildStep();
    if (delay === null) running = false;
    else schedule(run, delay);
  };
  const start = () => {
    if (running) return;
    running = true;
    schedule(run, 0);
  };
  builders.set(attached, start);
  start();
  return attached;
}

function defaultSchedule(step: () => void, delayMs: number): void {
  if (delayMs > 0) setTimeout(step, delayMs).unref();
  else setImmediate(step);
}

const builders = new WeakMap<LeadIndex, () => void>();

/**
 * The archive's lead index when it is complete and current (caught up with recent writes), else null.
 * Asking also restarts its background steps when writes left some (a rebuild, sort orders to re-read).
 */
export function readyLeadIndex(archive: Archive): LeadIndex | null {
  const index = indexes.get(archive);
  if (!index) return null;
  const current = index.catchUp();
  if (index.hasWork) builders.get(index)?.();
  return current ? index : null;
}
