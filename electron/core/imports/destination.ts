/** Where imported leads live in the archive: one destination, "Imported files", for every imported file. */
export const IMPORTED_DESTINATION = 'import:files';
