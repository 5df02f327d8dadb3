/** The built-in views' ids; views.ts defines each, and a test keeps the two lists the same. */
export const BUILT_IN_VIEW_IDS = ['inbox', 'all', 'test', 'dnc', 'duplicates'] as const;
