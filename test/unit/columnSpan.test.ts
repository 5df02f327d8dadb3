import { describe, expect, it } from 'vitest';
import { COLUMN_MARGIN, columnSpan } from '../../renderer/app/columnSpan';

const columns = [100, 200, 300, 400, 500].map((size, i) => ({ id: `c${i}`, size }));

describe('which columns a grid row draws', () => {
  it('draws every column until the view has been measured', () => {
    expect(columnSpan(columns, 0, 0)).toEqual({ from: 0, to: 5, offset: 0 });
  });

  it('draws the columns in view and within the margin, with a spacer for those scrolled past', () => {
    // Columns start at 0, 100, 300, 600, 1000.
    expect(COLUMN_MARGIN).toBe(100);
    expect(columnSpan(columns, 0, 150)).toEqual({ from: 0, to: 2, offset: 0 });
    expect(columnSpan(columns, 0, 250)).toEqual({ from: 0, to: 3, offset: 0 });
    expect(columnSpan(columns, 0, 600)).toEqual({ from: 0, to: 4, offset: 0 });
    expect(columnSpan(columns, 650, 300)).toEqual({ from: 2, to: 5, offset: 300 });
    expect(columnSpan(columns, 300 + COLUMN_MARGIN, 100)).toEqual({ from: 2, to: 3, offset: 300 });
    expect(columnSpan(columns, 301 + 300 + COLUMN_MARGIN, 100)).toEqual({ from: 3, to: 4, offset: 600 });
  });

  it('draws nothing but the spacer when scrolled past every column', () => {
    expect(columnSpan(columns, 5000, 300)).toEqual({ from: 5, to: 5, offset: 1500 });
  });
});
