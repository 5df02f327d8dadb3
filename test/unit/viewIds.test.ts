import { describe, expect, it } from 'vitest';
import { BUILT_IN_VIEW_IDS, BUILT_IN_VIEWS } from '../../electron/core/inbox';

describe('built-in view ids', () => {
  it('name exactly the built-in views, in their order (the CLI help lists them without loading the core)', () => {
    expect(BUILT_IN_VIEWS.map((view) => view.id)).toEqual([...BUILT_IN_VIEW_IDS]);
  });
});
