/** Speed test, Claude Code and settings against the fake API. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { renderApp } from './render';

describe('speed test', () => {
  it('runs with progress and shows ranked results', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/speed-test');
    expect(await screen.findByText('No speed test yet')).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: 'Run speed test' }));
    const table = await screen.findByTestId('speed-results');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(1);
    expect(within(rows[1]!).getAllByRole('cell')[0]).toHaveTextContent('1');
    expect(client.fake.calls.find((c) => c.method === 'runSpeedTest')?.input).toMatchObject({ n: 3 });
  });
});

describe('Claude Code', () => {
  it('shows the env lines and settings snippet with copy buttons, and applies and undoes the setup', async () => {
    const user = userEvent.setup();
    renderApp('#/claude-code');
    expect(await screen.findByText(/export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:4141/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy the environment lines' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy the settings.json snippet' })).toBeInTheDocument();
    await user.click(await screen.findByRole('button', { name: /Write it to Claude Code/ }));
    await waitFor(() => expect(screen.getByTestId('cc-state')).toHaveTextContent('Claude Code uses aimux.'));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByTestId('cc-state')).toHaveTextContent('not set up'));
  });

  it('copies to the clipboard', async () => {
    const user = userEvent.setup();
    renderApp('#/claude-code');
    await user.click(await screen.findByRole('button', { name: 'Copy the environment lines' }));
    expect(await navigator.clipboard.readText()).toContain('ANTHROPIC_BASE_URL');
  });

  it('falls back to lines built from the proxy URL when the server has no setup operation', async () => {
    const { client } = renderApp('#/claude-code');
    client.fake.failNext('getClaudeCodeSetup', new ApiError('UNSUPPORTED', 'not yet'));
    expect(await screen.findByText(/export ANTHROPIC_BASE_URL=/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('settings', () => {
  it('validates the port inline and saves the address', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/settings');
    const port = await screen.findByLabelText('Port');
    await waitFor(() => expect(port).toHaveValue('4141'));
    await user.clear(port);
    await user.type(port, '99999');
    expect(port).toHaveAccessibleDescription(/integer from 0 to 65535/);
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
    await user.clear(port);
    await user.type(port, '4242');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/Restart aimux/)).toBeInTheDocument();
    expect(client.fake.calls.find((c) => c.method === 'updateSettings')?.input).toEqual({ server: { host: '127.0.0.1', port: 4242 } });
  });

  it('rotates the proxy token and shows it once', async () => {
    const user = userEvent.setup();
    renderApp('#/settings');
    await user.click(await screen.findByRole('button', { name: 'Create proxy token' }));
    expect(await screen.findByText(/New proxy token/)).toBeInTheDocument();
    expect(screen.getByText(/^px_/)).toBeInTheDocument();
  });

  it('rotating the admin token over HTTP keeps this tab signed in', async () => {
    const user = userEvent.setup();
    renderApp('#/settings');
    await user.click(await screen.findByRole('button', { name: 'Rotate admin token' }));
    const dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    expect(await screen.findByText(/New admin token/)).toBeInTheDocument();
  });

  it('switches the theme', async () => {
    const user = userEvent.setup();
    renderApp('#/settings');
    await user.click(await screen.findByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem('aimux.theme')).toBe('dark');
    await user.click(screen.getByRole('radio', { name: 'Light' }));
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('shows start at login and the update channel only in the desktop app', async () => {
    renderApp('#/settings');
    await screen.findByRole('heading', { name: 'Settings' });
    await screen.findByText('Tokens');
    expect(screen.queryByTestId('desktop-settings')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('in the desktop app changes start at login', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/settings', { desktop: true });
    const box = await screen.findByRole('checkbox', { name: /Start aimux at login/ });
    await user.click(box);
    await waitFor(() => expect(box).toBeChecked());
    expect(client.fake.calls.find((c) => c.method === 'updateDesktopSettings')?.input).toEqual({ startAtLogin: true });
  });
});
