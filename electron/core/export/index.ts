export * from './columns';
export * from './exportLeads';
export { neutralizeCell } from './neutralize';
export { ExportTargetError } from './target';
export { CRM_PRESETS, CRM_TARGETS, isCrmTarget, LEFT_OUT_LABELS, type CrmTarget, type HandOffInclude, type LeftOutReason } from './crmPresets';
export { handOffSummary, INCLUDE_FLAGS, type HandOffOutcome } from './handOffSummary';
