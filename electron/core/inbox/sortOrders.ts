/**
 * Every lead in one sort order: its rank, and the lead at each rank. Ranks follow the column's forward
 * direction (A to Z; newest first for received time and best first for quality); the other direction
 * reads them backwards.
 */
export interface SortOrder {
  readonly rankOf: Uint32Array;
  readonly idAt: Int32Array;
}

const NEEDS_KEY = /[A-Z\uD800-\uFFFF]/;
const BEYOND_ASCII = /[^\0-\x7f]/;

/**
 * A string whose JavaScript order (UTF-16 code units) is SQLite's `COLLATE NOCASE` order of the text:
 * ASCII letters folded to lower case, then UTF-8 byte order. UTF-8 orders by code point, which UTF-16
 * does not above U+D800 (a surrogate pair sorts before U+E000..U+FFFF): those code units are moved so
 * that it does. Text with neither is its own key.
 */
export function nocaseKey(text: string): string {
  if (!NEEDS_KEY.test(text)) return text;
  // Within ASCII, JavaScript's own lower-casing is exactly NOCASE's folding.
  if (!BEYOND_ASCII.test(text)) return text.toLowerCase();
  let key = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x41 && unit <= 0x5a) key += String.fromCharCode(unit + 0x20);
    else if (unit >= 0xe000) key += String.fromCharCode(unit - 0x800);
    else if (unit >= 0xd800) key += String.fromCharCode(unit + 0x2000);
    else key += text[i];
  }
  return key;
}

/** An order with the given ids at ranks 0, 1, ...; `size` covers every id's slot. */
export function orderOf(idAt: Int32Array, size: number): SortOrder {
  const rankOf = new Uint32Array(size);
  for (let rank = 0; rank < idAt.length; rank++) rankOf[idAt[rank]!] = rank;
  return { rankOf, idAt };
}

/**
 * A column whose values the lead index holds as dictionary codes (offer, country), sorted A to Z and
 * newest first among equals: the distinct values are sorted, then the received-time order is dealt into
 * one bucket per value, which keeps its order within each. Linear in the leads.
 */
export function codedOrder(byTime: SortOrder, codes: Uint32Array, values: readonly string[]): SortOrder {
  const keys = values.map(nocaseKey);
  const byKey = keys.map((_, code) => code).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  // Values equal but for ASCII case share a bucket: to SQLite they are the same, so time decides.
  const bucketOf = new Uint32Array(values.length);
  let buckets = 0;
  byKey.forEach((code, i) => {
    if (i > 0 && keys[code] !== keys[byKey[i - 1]!]) buckets++;
    bucketOf[code] = buckets;
  });
  const next = new Uint32Array(buckets + 2);
  for (const id of byTime.idAt) next[bucketOf[codes[id]!]! + 1]!++;
  for (let bucket = 1; bucket < next.length; bucket++) next[bucket]! += next[bucket - 1]!;
  const idAt = new Int32Array(byTime.idAt.length);
  for (const id of byTime.idAt) idAt[next[bucketOf[codes[id]!]!]!++] = id;
  return orderOf(idAt, byTime.rankOf.length);
}

/**
 * An order brought up to date after a few leads changed or arrived, without sorting every lead again.
 * The others keep their order: neither their text nor their received time changed, and leads arriving
 * do not reorder them. Each changed lead is placed among them by binary search. `keyOf` gives any
 * lead's nocaseKey: each changed lead's once, the others' only where a search looks.
 */
export function patchedOrder(old: SortOrder, changed: readonly number[], byTime: SortOrder, keyOf: (id: number) => string): SortOrder {
  const moved = new Uint8Array(byTime.rankOf.length);
  for (const id of changed) moved[id] = 1;
  // A loop, not Int32Array.prototype.filter, which is several times slower over a million leads.
  const others = new Int32Array(old.idAt.length);
  let count = 0;
  for (const id of old.idAt) if (moved[id] !== 1) others[count++] = id;
  const kept = others.subarray(0, count);
  const compare = (a: number, b: number): number => {
    const x = keyOf(a);
    const y = keyOf(b);
    if (x !== y) return x < y ? -1 : 1;
    return byTime.rankOf[a]! - byTime.rankOf[b]!;
  };
  const idAt = new Int32Array(kept.length + changed.length);
  let from = 0;
  let to = 0;
  for (const id of [...changed].sort(compare)) {
    let low = from;
    let high = kept.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(kept[middle]!, id) < 0) low = middle + 1;
      else high = middle;
    }
    idAt.set(kept.subarray(from, low), to);
    to += low - from;
    from = low;
    idAt[to++] = id;
  }
  idAt.set(kept.subarray(from), to);
  return orderOf(idAt, byTime.rankOf.length);
}

/** Leads sorted by a text column in one step of this many at a time, before the sorted runs are merged. */
const RUN_LENGTH = 50_000;

/** Two sorted runs being merged, a bounded stretch per step: a million leads' last merge is not one long step. */
interface Merge {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly out: Int32Array;
  i: number;
  j: number;
}

/**
 * Sorts every lead by a text column (company, last name, email) A to Z, newest first among equals, in
 * steps of tens of milliseconds so the index keeps answering queries: the texts are given in steps
 * (`addTexts`), then each `step` sorts one run of the received-time order or merges a stretch of two
 * sorted runs. Holds the texts' keys only until the order is done.
 */
export class TextOrderBuilder {
  private keys: string[];
  private runs: Int32Array[] = [];
  private merging: Merge | null = null;
  private sortedTo = 0;

  constructor(
    private readonly byTime: SortOrder,
    private readonly runLength = RUN_LENGTH,
  ) {
    this.keys = new Array<string>(byTime.rankOf.length);
  }

  /** The texts of some leads, texts[i] being lead ids[i]'s; leads never given sort as empty text. */
  addTexts(ids: readonly number[], texts: readonly string[]): void {
    const { keys } = this;
    ids.forEach((id, i) => {
      if (id < keys.length) keys[id] = nocaseKey(texts[i]!);
    });
  }

  /** Sorts a run or merges a stretch; returns the finished order once one run holds every lead, else null. */
  step(): SortOrder | null {
    const { idAt } = this.byTime;
    if (this.sortedTo < idAt.length) {
      const to = Math.min(idAt.length, this.sortedTo + this.runLength);
      this.runs.push(idAt.slice(this.sortedTo, to).sort(this.compare));
      this.sortedTo = to;
      return null;
    }
    if (!this.merging && this.runs.length > 1) {
      const [a, b] = this.runs.splice(0, 2) as [Int32Array, Int32Array];
      this.merging = { a, b, out: new Int32Array(a.length + b.length), i: 0, j: 0 };
    }
    if (this.merging) {
      if (this.mergeStretch(this.merging)) {
        this.runs.push(this.merging.out);
        this.merging = null;
      }
      return null;
    }
    const order = orderOf(this.runs[0] ?? new Int32Array(0), this.byTime.rankOf.length);
    this.keys = [];
    this.runs = [];
    return order;
  }

  private readonly compare = (a: number, b: number): number => {
    const x = this.keys[a] ?? '';
    const y = this.keys[b] ?? '';
    if (x !== y) return x < y ? -1 : 1;
    return this.byTime.rankOf[a]! - this.byTime.rankOf[b]!;
  };

  /** Merges up to four runs' length of leads; true once the merge is done. */
  private mergeStretch(merge: Merge): boolean {
    const { a, b, out } = merge;
    let { i, j } = merge;
    const end = Math.min(out.length, i + j + this.runLength * 4);
    for (let k = i + j; k < end; k++) out[k] = j >= b.length || (i < a.length && this.compare(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!;
    merge.i = i;
    merge.j = j;
    return i + j === out.length;
  }
}
