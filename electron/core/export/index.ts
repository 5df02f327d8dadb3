export * from './columns';
export * from './exportLeads';
export { neutralizeCell } from './neutralize';
export { ExportTargetError } from './target';
