// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { existsSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DetailPane as DetailPaneType } from '../../renderer/components/DetailPane';
import type { AddDestination as AddDestinationType } from '../../renderer/components/Destinations';
import type { ExportDialog as ExportDialogType } from '../../renderer/components/ExportDialog';
import type { FacetPanel as FacetPanelType } from '../../renderer/components/Facets';
import type { Overview as OverviewType } from '../../renderer/components/Overview';
import { installWindowCore, type WindowCore } from './setup';

let core: WindowCore;
// Imported once window.leadInbox exists: the window's code picks its API as it loads.
let panels: {
  FacetPanel: typeof FacetPanelType;
  DetailPane: typeof DetailPaneType;
  AddDestination: typeof AddDestinationType;
  ExportDialog: typeof ExportDialogType;
  Overview: typeof OverviewType;
};

beforeAll(async () => {
  core = installWindowCore();
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close ??= function close(this: HTMLDialogElement) {
    this.open = false;
  };
  // jsdom has no media queries: a light-themed window that never changes.
  window.matchMedia ??= ((query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
  panels = {
    FacetPanel: (await import('../../renderer/components/Facets')).FacetPanel,
    DetailPane: (await import('../../renderer/components/DetailPane')).DetailPane,
    AddDestination: (await import('../../renderer/components/Destinations')).AddDestination,
    ExportDialog: (await import('../../renderer/components/ExportDialog')).ExportDialog,
    Overview: (await import('../../renderer/components/Overview')).Overview,
  };
});
afterEach(cleanup);
afterAll(() => core?.close());

describe('facet panel', () => {
  it('shows each value with its count and adds the one clicked to the query', () => {
    const facets = core.service.facets({});
    const onChange = vi.fn();
    render(<panels.FacetPanel facets={facets} query={{}} onChange={onChange} />);
    const actions = screen.getByRole('group', { name: 'Action' });
    const contactMe = facets.action.find((f) => f.value === 'PLT')!;
    const option = within(actions).getByText('Contact me').closest('label')!;
    expect(option.textContent).toContain(contactMe.count.toLocaleString());
    fireEvent.click(within(option).getByRole('checkbox'));
    expect(onChange).toHaveBeenCalledWith({ actions: ['PLT'] });
    fireEvent.change(screen.getByRole('combobox', { name: 'Test or real leads' }), { target: { value: 'all' } });
    expect(onChange).toHaveBeenLastCalledWith({ test: 'all' });
  });

  it('keeps chosen values first and unchecks them on a second click', () => {
    const facets = core.service.facets({ countries: ['DE'] });
    const onChange = vi.fn();
    render(<panels.FacetPanel facets={facets} query={{ countries: ['DE'] }} onChange={onChange} />);
    const countries = screen.getByRole('group', { name: 'Country' });
    const first = within(countries).getAllByRole('checkbox')[0]!;
    expect((first as HTMLInputElement).checked).toBe(true);
    fireEvent.click(first);
    expect(onChange).toHaveBeenCalledWith({ countries: [] });
  });
});

describe('detail pane', () => {
  it('shows the customer, what happened and the raw entity, and saves status and notes', async () => {
    const row = core.service.queryLeads({ actions: ['PLT'], hasEmail: true }, { limit: 1 }).rows[0]!;
    const onChanged = vi.fn();
    render(<panels.DetailPane id={row.id} revision={0} onClose={() => undefined} onChanged={onChanged} onOpenLead={() => undefined} />);
    const pane = await screen.findByRole('complementary', { name: 'Lead' });
    await within(pane).findByRole('heading', { level: 2, name: `${row.firstName} ${row.lastName}`.trim() });
    expect(within(pane).getByRole('link', { name: row.email }).getAttribute('href')).toBe(`mailto:${row.email}`);
    expect(pane.textContent).toMatch(/Contact me.*\(PLT\).*Partner-led trial/);
    expect(within(pane).getByText('Raw entity')).toBeTruthy();
    await waitFor(() => expect(core.archive.getLead(row.id)!.triage.read).toBe(true));

    fireEvent.click(within(pane).getByRole('button', { name: 'Contacted' }));
    await waitFor(() => expect(core.archive.getLead(row.id)!.triage.status).toBe('contacted'));
    const notes = within(pane).getByRole('textbox', { name: 'Notes' });
    fireEvent.change(notes, { target: { value: 'Call back Tuesday' } });
    fireEvent.blur(notes);
    await waitFor(() => expect(core.archive.getLead(row.id)!.triage.notes).toBe('Call back Tuesday'));
    expect(onChanged).toHaveBeenCalled();
  });

  it('marks test leads and shows when Microsoft sent them', async () => {
    const test = core.service.queryLeads({ test: 'test' }, { limit: 50 }).rows.map((r) => core.service.leadDetail(r.id)!).find((l) => l.testSentAt)!;
    render(<panels.DetailPane id={test.id} revision={0} onClose={() => undefined} onChanged={() => undefined} onOpenLead={() => undefined} />);
    const pane = await screen.findByRole('complementary', { name: 'Lead' });
    await within(pane).findByText(/Test lead · sent/);
  });
});

describe('add destination form', () => {
  it('shows the diagnosis and what to do when the connection string is malformed, and saves nothing', async () => {
    const onAdded = vi.fn();
    render(<panels.AddDestination onAdded={onAdded} />);
    const form = screen.getByRole('form', { name: 'Add destination' });
    fireEvent.change(within(form).getByLabelText('Connection string', { exact: true }), { target: { value: 'AccountName=contoso;AccountKey=abc' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Test connection and add' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.textContent).toMatch(/AccountKey is not a storage account key/);
    expect(alert.textContent).toMatch(/What to do: .*Access keys/);
    expect(onAdded).not.toHaveBeenCalled();
    expect(core.service.listProfiles()).toEqual([]);
  });
});

describe('export dialog', () => {
  it('exports exactly the current view and says where it went', async () => {
    const query = { actions: ['INS'] };
    const total = core.service.queryLeads(query, { limit: 0 }).total;
    render(<panels.ExportDialog query={query} total={total} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Export leads' });
    expect(within(dialog).getByRole('heading').textContent).toBe(`Export ${total.toLocaleString()} leads`);
    fireEvent.click(within(dialog).getByRole('radio', { name: /Excel workbook/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    const status = await within(dialog).findByRole('status');
    expect(status.textContent).toMatch(new RegExp(`Exported ${total} leads to .*\\.xlsx`));
    expect(existsSync(status.textContent!.replace(/^.* to (.*)\.$/, '$1'))).toBe(true);
  });

  it('hands the view off to a CRM, saying what it left out and which box keeps it', async () => {
    const query = { test: 'all' as const };
    const total = core.service.queryLeads(query, { limit: 0 }).total;
    const tests = core.service.queryLeads({ test: 'test' }, { limit: 0 }).total;
    expect(tests).toBeGreaterThan(0);
    render(<panels.ExportDialog query={query} total={total} onClose={() => undefined} />);
    const dialog = screen.getByRole('dialog', { name: 'Export leads' });
    fireEvent.change(within(dialog).getByLabelText('For'), { target: { value: 'salesforce' } });
    expect(within(dialog).queryByRole('radio', { name: /Excel workbook/ })).toBeNull();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    const status = await within(dialog).findByRole('status');
    expect(status.textContent).toMatch(/Exported [\d,]+ leads for Salesforce \(Data Import Wizard, Leads\) to .*-salesforce\.csv\./);
    expect(within(status).getByText(`Left out ${tests} Microsoft's test leads (MSFT_TEST) (tick "Keep test leads" to keep them).`)).toBeTruthy();

    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Keep test leads' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export' }));
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).not.toMatch(/test leads/));
  });
});

describe('overview', () => {
  it('lists every week with its count for keyboards and screen readers, and picks a week like a bar does', async () => {
    // jsdom has no canvas: Chart.js reports that it cannot draw, and only that is kept out of the output;
    // any other console error still shows and fails the test.
    const consoleError = console.error.bind(console);
    const unexpected: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      if (/Failed to create chart: can't acquire context/.test(String(args[0]))) return;
      unexpected.push(args);
      consoleError(...args);
    });
    const query = { test: 'all' as const };
    const expected = core.service.weeklyCounts(query, 'action');
    const onPick = vi.fn();
    render(<panels.Overview query={query} revision={0} onPick={onPick} />);
    const list = await screen.findByRole('list', { name: 'Leads per week' });
    const buttons = within(list).getAllByRole('button');
    expect(buttons).toHaveLength(expected.weeks.length);
    const week = expected.weeks.findIndex((_, i) => expected.series.some((s) => s.counts[i]! > 0));
    const count = expected.series.reduce((sum, s) => sum + s.counts[week]!, 0);
    const button = within(list).getByRole('button', { name: `Week of ${expected.weeks[week]}: ${count} leads` });
    fireEvent.click(button);
    expect(onPick).toHaveBeenCalledWith(expected.weeks[week], 'action', null);
    fireEvent.click(screen.getByRole('button', { name: 'By offer' }));
    await waitFor(() => expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Bar chart of leads per week by offer'));
    expect(unexpected).toEqual([]);
  });
});
