/** A line or item of a file that could not be imported, and why. */
export interface FileProblem {
  /** 1-based line, when the problem has one. */
  readonly line: number | null;
  readonly message: string;
}

/** The kinds of lead file Lead Inbox imports, told apart by extension. */
export type LeadFileKind = 'https-payloads' | 'partner-center-referrals';

/** What one file gave. */
export interface ImportedFile {
  readonly name: string;
  readonly kind: LeadFileKind | null;
  /** Leads the file held. */
  readonly leads: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly problems: FileProblem[];
  /** Partner Center columns kept as they are, because no lead field matched them. */
  readonly unrecognisedColumns: string[];
}

export interface ImportResult {
  readonly files: ImportedFile[];
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Leads from imported files in the archive after this import. */
  readonly total: number;
}
