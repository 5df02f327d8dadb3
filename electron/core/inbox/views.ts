import * as z from 'zod';
import type { Archive } from '../store';
import { leadQuerySchema, SORT_COLUMNS, type LeadQueryInput } from './query';

/** Grid columns a view can show; the export columns use the same keys. */
export const GRID_COLUMNS = [...SORT_COLUMNS, 'isTest', 'doNotContact', 'duplicates', 'notes', 'flags'] as const;

export const viewColumnSchema = z.object({ key: z.enum(GRID_COLUMNS), width: z.number().int().min(40).max(2000).optional() }).strict();

export const viewDefinitionSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    query: leadQuerySchema,
    /** Visible columns in order, with widths; empty means the default columns. */
    columns: z.array(viewColumnSchema).max(GRID_COLUMNS.length).default([]),
  })
  .strict();
export type ViewDefinition = z.infer<typeof viewDefinitionSchema>;

export interface View extends ViewDefinition {
  /** Built-in views have string ids; saved views are numbered. */
  readonly id: string;
  readonly builtIn: boolean;
}

function builtIn(id: string, name: string, query: LeadQueryInput): View {
  return { id, name, builtIn: true, query: leadQuerySchema.parse(query), columns: [] };
}

/** The built-in views' ids, in the order the window shows them (a constant module, for help texts). */
export { BUILT_IN_VIEW_IDS } from './viewIds';

export const BUILT_IN_VIEWS: readonly View[] = [
  builtIn('inbox', 'Inbox', { test: 'real', doNotContact: 'exclude', statuses: ['new'] }),
  builtIn('all', 'All real leads', { test: 'real' }),
  builtIn('test', 'Test leads', { test: 'test' }),
  builtIn('dnc', 'Do not contact', { test: 'real', doNotContact: 'only' }),
  builtIn('duplicates', 'Duplicates', { test: 'real', duplicatesOnly: true, sort: { column: 'email', direction: 'asc' } }),
];

interface ViewRow {
  id: number;
  name: string;
  definition_json: string;
}

function fromRow(row: ViewRow): View {
  const definition = viewDefinitionSchema.parse({ ...(JSON.parse(row.definition_json) as object), name: row.name });
  return { ...definition, id: String(row.id), builtIn: false };
}

/** Built-in views first, then the user's in their chosen order. */
export function listViews(archive: Archive): View[] {
  const saved = archive.db.prepare('SELECT id, name, definition_json FROM saved_views ORDER BY position, id').all() as ViewRow[];
  return [...BUILT_IN_VIEWS, ...saved.map(fromRow)];
}

export class ViewError extends Error {}

/** Saves a new view, or replaces the saved view `id`. Names are unique. */
export function saveView(archive: Archive, input: unknown, id?: string): View {
  const { name, ...definition } = viewDefinitionSchema.parse(input);
  if (BUILT_IN_VIEWS.some((v) => v.name.toLowerCase() === name.toLowerCase())) throw new ViewError(`"${name}" is a built-in view; choose another name.`);
  const taken = archive.db.prepare('SELECT id FROM saved_views WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
  if (taken && String(taken.id) !== id) throw new ViewError(`A view called "${name}" already exists.`);
  const now = new Date().toISOString();
  const json = JSON.stringify(definition);
  if (id !== undefined) {
    const changed = archive.db.prepare('UPDATE saved_views SET name = ?, definition_json = ?, updated_at = ? WHERE id = ?').run(name, json, now, Number(id)).changes;
    if (changed === 0) throw new ViewError(`No saved view ${id}.`);
    return fromRow({ id: Number(id), name, definition_json: json });
  }
  const position = (archive.db.prepare('SELECT coalesce(max(position), 0) + 1 AS p FROM saved_views').get() as { p: number }).p;
  const row = archive.db
    .prepare('INSERT INTO saved_views (name, definition_json, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
    .get(name, json, position, now, now) as { id: number };
  return fromRow({ id: row.id, name, definition_json: json });
}

export function deleteView(archive: Archive, id: string): boolean {
  return archive.db.prepare('DELETE FROM saved_views WHERE id = ?').run(Number(id)).changes === 1;
}

/** Puts saved views in the given order (ids not listed keep their place after those listed). */
export function reorderViews(archive: Archive, ids: readonly string[]): void {
  const update = archive.db.prepare('UPDATE saved_views SET position = ? WHERE id = ?');
  archive.transaction(() => ids.forEach((id, index) => update.run(index + 1, Number(id))));
}
