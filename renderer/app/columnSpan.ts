/** Which of the grid's columns a row draws, for a horizontal scroll position (a pure function, tested alone). */

export interface GridColumn {
  readonly id: string;
  readonly size: number;
}

/** The columns a row draws: those in or near the horizontal view, after a spacer as wide as those before. */
export interface ColumnSpan {
  readonly from: number;
  readonly to: number;
  readonly offset: number;
}

/** Extra width drawn beyond each side of the view, so a short horizontal scroll shows cells at once. */
export const COLUMN_MARGIN = 100;

/** Which columns overlap [left - margin, left + width + margin]; every column until the view is measured. */
export function columnSpan(columns: readonly GridColumn[], left: number, width: number): ColumnSpan {
  if (width <= 0) return { from: 0, to: columns.length, offset: 0 };
  let start = 0;
  let from = -1;
  let to = columns.length;
  let offset = 0;
  for (let i = 0; i < columns.length; i++) {
    const end = start + columns[i]!.size;
    if (from < 0 && end > left - COLUMN_MARGIN) {
      from = i;
      offset = start;
    }
    if (start >= left + width + COLUMN_MARGIN) {
      to = i;
      break;
    }
    start = end;
  }
  return from < 0 ? { from: columns.length, to: columns.length, offset: start } : { from, to, offset };
}
