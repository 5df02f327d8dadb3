import { describe, expect, it } from 'vitest';
import { neutralizeCell } from '../../electron/core/export';

describe('neutralizeCell', () => {
  it('makes every formula start plain text, and leaves the rest alone', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeCell(`${start}1+1`)).toBe(`'${start}1+1`);
    for (const safe of ['', 'Ana', ' =1', "'quoted", '1-2', 'a=b']) expect(neutralizeCell(safe)).toBe(safe);
  });
});
