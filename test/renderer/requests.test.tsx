/** The live request log: virtualized, filtered, prepended live, and each request's attempt chain. */
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeRequest, seeded } from '../../renderer/dev/fake-data';
import { RequestLog } from '../../renderer/screens/requests/RequestLog';
import { matches, NO_FILTERS } from '../../renderer/screens/requests/use-request-log';
import { renderApp } from './render';

const TARGETS = ['anthropic/claude-sonnet-4-5', 'zai/glm-4.6'];

describe('request log', () => {
  it('keeps only the visible rows of 1,000 in the DOM', () => {
    const rand = seeded(3);
    const entries = Array.from({ length: 1000 }, (_, i) => fakeRequest(rand, Date.now() - i * 1000, i, TARGETS));
    render(<RequestLog entries={entries} onOpen={() => {}} />);
    const rows = screen.getAllByTestId('log-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByRole('list', { name: 'Requests, newest first' }).style.height).toBe('36000px');
  });

  it('prepends each finished request that matches the filters, live', async () => {
    const { client } = renderApp('#/requests');
    const first = await screen.findAllByTestId('log-row');
    expect(first.length).toBeGreaterThan(0);
    const r = { ...fakeRequest(seeded(9), Date.now(), 9999, TARGETS), clientModel: 'live-model-xyz' };
    act(() => client.fake.emit('request', r));
    await waitFor(() => expect(screen.getAllByTestId('log-row')[0]).toHaveTextContent('live-model-xyz'));
  });

  it('filters by outcome through the API and opens a request’s attempt chain', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/requests');
    await screen.findAllByTestId('log-row');
    await user.selectOptions(screen.getByLabelText('Outcome'), 'error');
    await waitFor(() => expect(client.fake.calls.filter((c) => c.method === 'queryRequests').at(-1)?.input).toMatchObject({ outcome: 'error' }));
    await waitFor(() => expect(screen.getAllByTestId('log-row').every((r) => /^5\d\d$/.test(r.getAttribute('data-status')!))).toBe(true));
    await user.click(screen.getAllByTestId('log-row')[0]!);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByTestId('attempt').length).toBeGreaterThan(0);
    expect(within(dialog).getByText('Attempts')).toBeInTheDocument();
  });

  it('says how to get traffic when the log is empty', async () => {
    renderApp('#/requests', { scenario: 'first-run' });
    expect(await screen.findByText('No requests yet')).toBeInTheDocument();
  });

  it('matches entries against filters client-side as the server would', () => {
    const r = fakeRequest(seeded(1), 0, 1, TARGETS);
    expect(matches(NO_FILTERS, r)).toBe(true);
    expect(matches({ ...NO_FILTERS, provider: 'nope' }, r)).toBe(false);
    expect(matches({ ...NO_FILTERS, status: String(r.status) }, r)).toBe(true);
    expect(matches({ ...NO_FILTERS, q: r.clientModel.toUpperCase() }, r)).toBe(true);
  });
});
