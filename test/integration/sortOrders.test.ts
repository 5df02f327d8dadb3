import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { codedOrder, nocaseKey, orderOf, patchedOrder, TextOrderBuilder, type SortOrder } from '../../electron/core/inbox/sortOrders';
import { Random } from '../../electron/core/sample/random';

// Texts where SQLite's NOCASE and a plain JavaScript comparison disagree: ASCII case (folded), other
// scripts' case (not folded), code points above U+E000 against emoji (UTF-8 puts the emoji last, UTF-16
// first), empty text, and prefixes of one another.
const PIECES = ['a', 'A', 'b', 'B', 'Z', 'z', 'é', 'É', 'ß', 'ñ', 'Ω', 'ω', '東', '\uE000', '\uFFFD', '\uFF21', '😀', '𝒜', ' ', '-', '.', '0', '9', '@', '_', '~'];

function randomText(random: Random): string {
  const length = random.int(5);
  let text = '';
  for (let i = 0; i < length; i++) text += random.pick(PIECES);
  return text;
}

interface Row {
  id: number;
  text: string;
  received: string;
}

function sample(count: number, seed: number): Row[] {
  const random = new Random(seed);
  // Ids with gaps, and a few received times shared, so both tie-breaks matter.
  return Array.from({ length: count }, (_, i) => ({
    id: i * 2 + 1 + random.int(2),
    text: randomText(random),
    received: `2026-0${1 + random.int(3)}-0${1 + random.int(3)}T00:00:00.000Z`,
  }));
}

/** SQLite's own order: the query the archive's sort index used to answer. */
function sqliteOrder(rows: readonly Row[]): number[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE leads (id INTEGER PRIMARY KEY, text TEXT NOT NULL, received_at TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO leads VALUES (?, ?, ?)');
  db.transaction(() => rows.forEach((row) => insert.run(row.id, row.text, row.received)))();
  const ids = db.prepare('SELECT id FROM leads ORDER BY text COLLATE NOCASE, received_at DESC, id DESC').pluck().all() as number[];
  db.close();
  return ids;
}

function timeOrder(rows: readonly Row[]): SortOrder {
  const ids = [...rows].sort((a, b) => (a.received < b.received ? 1 : a.received > b.received ? -1 : b.id - a.id)).map((row) => row.id);
  return orderOf(Int32Array.from(ids), Math.max(...ids) + 1);
}

describe('sort orders the lead index works out, against SQLite ORDER BY ... COLLATE NOCASE', () => {
  it('keys text so that JavaScript compares as NOCASE does', () => {
    const random = new Random(3);
    const texts = Array.from({ length: 3000 }, () => randomText(random));
    const db = new Database(':memory:');
    const compare = db.prepare('SELECT CASE WHEN ? < ? COLLATE NOCASE THEN -1 WHEN ? = ? COLLATE NOCASE THEN 0 ELSE 1 END').pluck();
    for (let i = 1; i < texts.length; i++) {
      const [a, b] = [texts[i - 1]!, texts[i]!];
      const [x, y] = [nocaseKey(a), nocaseKey(b)];
      expect(x < y ? -1 : x === y ? 0 : 1, `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(compare.get(a, b, a, b));
    }
    db.close();
    expect(nocaseKey('plain text 42')).toBe('plain text 42');
  });

  it.each([
    ['one run', 1],
    ['runs of 7, merged', 7],
    ['runs of 64, merged', 64],
  ])('sorts text columns in steps (%s) exactly as SQLite does', (_, runLength) => {
    for (const seed of [1, 2, 3]) {
      const rows = sample(seed === 1 ? 1 : 700, seed);
      const byTime = timeOrder(rows);
      const builder = new TextOrderBuilder(byTime, runLength === 1 ? 50_000 : runLength);
      // Texts arrive in steps of their own, in id order, as the index reads them.
      for (let from = 0; from < rows.length; from += 100) {
        const step = rows.slice(from, from + 100);
        builder.addTexts(step.map((row) => row.id), step.map((row) => row.text));
      }
      let order: SortOrder | null = null;
      let steps = 0;
      while (!order) {
        order = builder.step();
        steps++;
      }
      expect(Array.from(order.idAt)).toEqual(sqliteOrder(rows));
      for (let rank = 0; rank < order.idAt.length; rank++) expect(order.rankOf[order.idAt[rank]!]).toBe(rank);
      // More than one step when runs are short: a million leads never sort in one go.
      if (runLength > 1 && rows.length > runLength) expect(steps).toBeGreaterThan(rows.length / runLength);
    }
  });

  it('sorts a lead whose text was never read as empty text, so every lead keeps a rank', () => {
    const rows = sample(50, 8);
    const builder = new TextOrderBuilder(timeOrder(rows), 16);
    builder.addTexts(rows.slice(10).map((row) => row.id), rows.slice(10).map((row) => row.text));
    let order: SortOrder | null = null;
    while (!order) order = builder.step();
    expect(Array.from(order.idAt)).toEqual(sqliteOrder(rows.map((row, i) => (i < 10 ? { ...row, text: '' } : row))));
  });

  it('sorts coded columns (offer, country) from their dictionaries, values equal but for case tied by time', () => {
    const random = new Random(5);
    const values = ['DE', 'de', 'US', 'us', 'Us', 'NZ', '', 'É', 'é', '😀', '\uFFFD', 'AT'];
    const rows = sample(900, 6).map((row) => ({ ...row, text: random.pick(values) }));
    const codes = new Uint32Array(Math.max(...rows.map((row) => row.id)) + 1);
    for (const row of rows) codes[row.id] = values.indexOf(row.text);
    const order = codedOrder(timeOrder(rows), codes, values);
    expect(Array.from(order.idAt)).toEqual(sqliteOrder(rows));
    for (let rank = 0; rank < order.idAt.length; rank++) expect(order.rankOf[order.idAt[rank]!]).toBe(rank);
  });

  it('patches an order after some leads changed text or time and others arrived, as a fresh sort gives', () => {
    const random = new Random(12);
    const rows = sample(600, 13);
    const before = rows.slice(0, 500);
    const builder = new TextOrderBuilder(timeOrder(before), 64);
    builder.addTexts(before.map((row) => row.id), before.map((row) => row.text));
    let old: SortOrder | null = null;
    while (!old) old = builder.step();

    // 40 leads change their text, 10 their received time, and 100 arrive (the ids above the old ones).
    const after = rows.map((row, i) => {
      if (i < 500 && i % 12 === 0) return { ...row, text: randomText(random) };
      if (i < 500 && i % 50 === 1) return { ...row, received: '2026-05-05T00:00:00.000Z' };
      return row;
    });
    const changed = after.filter((row, i) => i >= 500 || row !== rows[i]).map((row) => row.id);
    const keys = new Map(after.map((row) => [row.id, nocaseKey(row.text)]));
    const patched = patchedOrder(old, changed, timeOrder(after), (id) => keys.get(id)!);
    expect(Array.from(patched.idAt)).toEqual(sqliteOrder(after));
    for (let rank = 0; rank < patched.idAt.length; rank++) expect(patched.rankOf[patched.idAt[rank]!]).toBe(rank);
  });
});
