/** The frame: first run, the overview's live figures, navigation, pause, and the token gate. */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { fakeSnapshot, seeded } from '../../renderer/dev/fake-data';
import { renderApp } from './render';

describe('first run', () => {
  it('says aimux already answers and leads to the first provider and Claude Code', async () => {
    renderApp('', { scenario: 'first-run' });
    expect(await screen.findByRole('heading', { name: 'aimux is running' })).toBeInTheDocument();
    expect(screen.getByText(/built-in/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Add your first provider/ })).toHaveAttribute('href', '#/providers/add');
    expect(screen.getByRole('link', { name: /Set up Claude Code/ })).toHaveAttribute('href', '#/claude-code');
  });

  it('shows the overview at home once a provider exists', async () => {
    renderApp('');
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
  });
});

describe('overview', () => {
  it('shows the listening URL and state, and updates the tiles from each metrics snapshot', async () => {
    const { client } = renderApp('#/overview');
    expect(await screen.findByTestId('listen-url')).toHaveTextContent('http://127.0.0.1:4141');
    const tiles = screen.getByLabelText('Last minute and today');
    const snap = fakeSnapshot(seeded(1), Date.now(), ['anthropic'], 5000);
    snap.lastMinute.requests = 777;
    act(() => client.fake.emit('metrics', snap));
    await waitFor(() => expect(within(tiles).getByText('777')).toBeInTheDocument());
    expect(within(tiles).getByText('5,000 requests')).toBeInTheDocument();
  });

  it('charts stay put as data streams: the chart boxes keep a fixed size', async () => {
    renderApp('#/overview');
    const charts = await screen.findAllByRole('img', { name: /Latency:|Requests and errors:/ });
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(c.closest('figure')!.style.minHeight).toBe('200px');
  });

  it('tells a new user what to do when there is no traffic yet', async () => {
    renderApp('#/overview', { scenario: 'first-run' });
    expect(await screen.findByText('No traffic in this window yet')).toBeInTheDocument();
  });
});

describe('frame', () => {
  it('marks the current screen in the nav and pauses and resumes the proxy', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/overview');
    expect(await screen.findByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    await user.click(await screen.findByRole('button', { name: 'Pause proxy' }));
    expect(await screen.findByTestId('proxy-state')).toHaveTextContent('Paused');
    expect(client.fake.calls.some((c) => c.method === 'setPaused' && (c.input as { paused: boolean }).paused)).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Resume proxy' }));
    await waitFor(() => expect(screen.getByTestId('proxy-state')).toHaveTextContent('Running'));
  });

  it('shows where pausing failed, beside the button', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/overview');
    client.fake.failNext('setPaused', new ApiError('INTERNAL', 'could not pause'));
    await user.click(await screen.findByRole('button', { name: 'Pause proxy' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('could not pause');
  });

  it('asks for the admin token when the API refuses, keeps it in sessionStorage, and goes on', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('');
    client.fake.failNext('getStatus', new ApiError('UNAUTHORIZED', 'missing or wrong admin token'));
    expect(await screen.findByRole('heading', { name: 'Open the dashboard with its token' })).toBeInTheDocument();
    expect(screen.getByText('missing or wrong admin token')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Admin token'), 'adm_pasted');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument();
    expect(sessionStorage.getItem('aimux.adminToken')).toBe('adm_pasted');
    expect(document.cookie).toBe('');
  });

  it('loads other screens on demand', async () => {
    renderApp('#/settings');
    expect(await screen.findByRole('heading', { name: 'Settings' })).toBeInTheDocument();
  });
});
