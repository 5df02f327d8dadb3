import { describe, expect, it } from 'vitest';
import { viewMenuRoles } from '../../electron/shell/viewMenu';
import { restoredBounds } from '../../electron/shell/windowBounds';

// Work areas as Electron reports them: the taskbar or menu bar already taken off.
const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const monitorRight = { x: 1440, y: 0, width: 2560, height: 1400 };
const monitorLeft = { x: -2560, y: 0, width: 2560, height: 1400 };
const saved = { width: 1280, height: 800 };

describe('where the window opens again', () => {
  it('one display: where it was when its title bar is on screen, centred when it is off', () => {
    expect(restoredBounds({ ...saved, x: 100, y: 40 }, [laptop], laptop)).toEqual({ x: 100, y: 40, width: 1280, height: 800, maximized: false });
    expect(restoredBounds({ ...saved, x: 1400, y: 40 }, [laptop], laptop)).toEqual({ x: 80, y: 30, width: 1280, height: 800, maximized: false });
    expect(restoredBounds({ ...saved, x: 100, y: -20 }, [laptop], laptop)).toMatchObject({ x: 80, y: 30 });
    expect(restoredBounds({ ...saved, x: 100, y: 850 }, [laptop], laptop)).toMatchObject({ x: 80, y: 30 });
    expect(restoredBounds(saved, [laptop], laptop)).toMatchObject({ x: 80, y: 30 });
  });

  it('two displays: on the external monitor where it was, and on the laptop once undocked', () => {
    const onMonitor = { ...saved, width: 2000, height: 1200, x: 1800, y: 100, maximized: true };
    expect(restoredBounds(onMonitor, [laptop, monitorRight], laptop)).toEqual({ x: 1800, y: 100, width: 2000, height: 1200, maximized: true });
    // Undocked: the monitor is gone; the window comes back on the laptop, no larger than its screen.
    expect(restoredBounds(onMonitor, [laptop], laptop)).toEqual({ x: 0, y: 0, width: 1440, height: 860, maximized: true });
  });

  it('rearranged displays: a monitor moved from the right to the left takes the window along only if it still lies on one', () => {
    const onRight = { ...saved, x: 2000, y: 100 };
    expect(restoredBounds(onRight, [laptop, monitorLeft], laptop)).toMatchObject({ x: 80, y: 30 });
    const onLeft = { ...saved, x: -2400, y: 100 };
    expect(restoredBounds(onLeft, [laptop, monitorLeft], laptop)).toEqual({ x: -2400, y: 100, width: 1280, height: 800, maximized: false });
    expect(restoredBounds(onLeft, [laptop, monitorRight], laptop)).toMatchObject({ x: 80, y: 30 });
  });

  it('needs a grip on the title bar: a window hanging off a display\'s edge by all but a sliver is brought back', () => {
    expect(restoredBounds({ ...saved, x: 1440 - 99, y: 10 }, [laptop], laptop)).toMatchObject({ x: 80, y: 30 });
    expect(restoredBounds({ ...saved, x: 1440 - 100, y: 10 }, [laptop], laptop)).toMatchObject({ x: 1340, y: 10 });
  });

  it('centres on the primary display, wherever it is and whatever its size', () => {
    const primary = { x: 1440, y: 25, width: 1024, height: 743 };
    expect(restoredBounds({ ...saved, x: -5000, y: 0 }, [laptop, primary], primary)).toEqual({ x: 1440, y: 25, width: 1024, height: 743, maximized: false });
  });
});

describe('the View menu', () => {
  it('has no developer tools or reload in a packaged app, and both in a development build', () => {
    expect(viewMenuRoles(true)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    expect(viewMenuRoles(false)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload', 'zoomIn']));
  });
});
