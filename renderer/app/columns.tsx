import { createColumnHelper, tableFeatures, columnOrderingFeature, columnResizingFeature, columnSizingFeature, columnVisibilityFeature } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { actionLabel, HOT_SCORE, sourceLabel, type LeadRow, type SortColumn } from '../../electron/api';
import { formatDateTime } from './format';

export const features = tableFeatures({ columnSizingFeature, columnResizingFeature, columnVisibilityFeature, columnOrderingFeature });
const helper = createColumnHelper<typeof features, LeadRow>();

function badges(row: LeadRow): ReactNode {
  return (
    <>
      {row.isTest && <span className="badge badge-test" title="Microsoft test lead (MSFT_TEST)">Test</span>}
      {row.doNotContact && <span className="badge badge-dnc" title="The customer asked not to be contacted">DNC</span>}
      {row.duplicates > 1 && <span className="badge badge-dup" title={`${row.duplicates} leads from this person`}>×{row.duplicates}</span>}
    </>
  );
}

function quality(row: LeadRow): ReactNode {
  return (
    <span className="quality" title="Quality score, 0–100: open the lead for the reasons">
      {row.quality}
      {row.quality >= HOT_SCORE && <span className="badge badge-hot">Hot</span>}
    </span>
  );
}

/** The grid's columns; `sortKey` names the server-side sort each header asks for. */
export const columns = helper.columns([
  helper.accessor('receivedAt', { id: 'receivedAt', header: 'Received', size: 196, cell: (info) => formatDateTime(info.getValue()) }),
  helper.accessor('quality', { id: 'quality', header: 'Quality', size: 96, cell: (info) => quality(info.row.original) }),
  helper.accessor('firstName', { id: 'firstName', header: 'First name', size: 120 }),
  helper.accessor('lastName', { id: 'lastName', header: 'Last name', size: 130 }),
  helper.accessor('email', { id: 'email', header: 'Email', size: 230 }),
  helper.accessor('company', { id: 'company', header: 'Company', size: 190 }),
  helper.accessor('title', { id: 'title', header: 'Title', size: 130 }),
  helper.accessor('country', { id: 'country', header: 'Country', size: 80 }),
  helper.accessor('action', { id: 'action', header: 'Action', size: 110 }),
  helper.accessor('offer', { id: 'offer', header: 'Offer', size: 230 }),
  helper.accessor('source', { id: 'source', header: 'Source', size: 130 }),
  helper.accessor('status', { id: 'status', header: 'Status', size: 100 }),
  helper.accessor('phone', { id: 'phone', header: 'Phone', size: 140 }),
  helper.display({ id: 'flags', header: 'Flags', size: 110, cell: (info) => badges(info.row.original) }),
]);

export const SORTABLE = new Set<string>(['receivedAt', 'firstName', 'lastName', 'email', 'phone', 'company', 'title', 'country', 'source', 'action', 'offer', 'offerName', 'status', 'quality'] satisfies SortColumn[]);

/** What a cell shows, for rows fetched from the server rather than held by the table's row model. */
export function cellText(row: LeadRow, columnId: string): ReactNode {
  switch (columnId) {
    case 'receivedAt':
      return formatDateTime(row.receivedAt);
    case 'flags':
      return badges(row);
    case 'quality':
      return quality(row);
    // The names the filters use; the codes themselves are in the detail pane.
    case 'source':
      return row.source ? sourceLabel(row.source) : '';
    case 'action':
      return row.action ? actionLabel(row.action) : '';
    default:
      return String((row as unknown as Record<string, unknown>)[columnId] ?? '');
  }
}

/** A cell as plain text, for the clipboard. */
export function copyText(row: LeadRow, columnId: string): string {
  if (columnId === 'receivedAt') return row.receivedAt;
  if (columnId === 'flags') return [row.isTest ? 'Test' : '', row.doNotContact ? 'DNC' : '', row.duplicates > 1 ? `x${row.duplicates}` : ''].filter(Boolean).join(' ');
  if (columnId === 'source' || columnId === 'action') return String(cellText(row, columnId));
  return String((row as unknown as Record<string, unknown>)[columnId] ?? '');
}
