export * from './importedFile';
export { IMPORTED_DESTINATION } from './destination';
export { importLeadFiles, kindOf, MAX_IMPORT_FILE_BYTES, type LeadFile } from './importFiles';
export { leadFilesAt } from './filesOnDisk';
