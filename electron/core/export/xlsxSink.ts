import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import type { ExportColumn } from './columns';
import type { RowSink } from './writeRecords';

// Excel refuses longer cells; the archive keeps the whole text.
const EXCEL_CELL_LIMIT = 32_767;

/** A streamed workbook: typed dates and booleans, a frozen header row with an autofilter. */
export function xlsxSink(file: string, columns: readonly ExportColumn[]): RowSink {
  const out = createWriteStream(file, { mode: 0o600 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Leads', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.kind === 'date' ? 20 : column.kind === 'boolean' ? 10 : Math.min(40, Math.max(12, column.header.length + 2)),
    style: column.kind === 'date' ? { numFmt: 'yyyy-mm-dd hh:mm:ss' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const dates = columns.map((c) => c.kind === 'date');
  let rows = 0;
  return {
    async write(cells) {
      const values = cells.map((cell, i) => {
        if (typeof cell !== 'string') return cell;
        if (dates[i]) return new Date(cell);
        return cell.length > EXCEL_CELL_LIMIT ? cell.slice(0, EXCEL_CELL_LIMIT) : cell;
      });
      sheet.addRow(values).commit();
      // The writer buffers in memory between yields; letting the file stream drain keeps memory flat.
      if (++rows % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    async finish() {
      sheet.commit();
      await workbook.commit();
    },
    async abandon() {
      if (!out.closed) await new Promise<void>((resolve) => out.destroy().once('close', () => resolve()));
    },
  };
}
