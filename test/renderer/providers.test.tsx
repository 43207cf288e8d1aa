/** Providers: cards, keys by hint only, the Test result inline, add from a preset, custom, edit, remove. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { renderApp } from './render';

describe('provider cards', () => {
  it('shows each provider with its health, models and key hints', async () => {
    renderApp('#/providers');
    const card = await screen.findByTestId('provider-zai');
    expect(within(card).getByRole('heading', { name: /Z\.ai GLM/ })).toBeInTheDocument();
    expect(within(card).getByText('glm-4.6')).toBeInTheDocument();
    expect(within(card).getAllByTestId('key-hint').map((e) => e.textContent)).toEqual(['zk-…9f2c', 'zk-…77d0']);
    expect(within(card).getByText(/cooling, usable in/)).toBeInTheDocument();
    expect(within(card).getByText('healthy')).toBeInTheDocument();
  });

  it('adds a key and shows only its hint, never the value', async () => {
    const user = userEvent.setup();
    const { container } = renderApp('#/providers');
    const card = await screen.findByTestId('provider-anthropic');
    const secret = 'sk-ant-api03-SECRETVALUE-1234567890-wxyz';
    await user.type(within(card).getByLabelText('New key for anthropic'), secret);
    await user.click(within(card).getByRole('button', { name: 'Add key' }));
    await waitFor(() => expect(within(screen.getByTestId('provider-anthropic')).getAllByTestId('key-hint').map((e) => e.textContent)).toContain('sk-…wxyz'));
    expect(container.innerHTML).not.toContain('SECRETVALUE');
    expect((within(screen.getByTestId('provider-anthropic')).getByLabelText('New key for anthropic') as HTMLInputElement).value).toBe('');
  });

  it('tests a provider and shows the result on its card: success, then a rejected key', async () => {
    const user = userEvent.setup();
    renderApp('#/providers');
    const card = await screen.findByTestId('provider-anthropic');
    await user.click(within(card).getByRole('button', { name: 'Test' }));
    expect(await within(card).findByTestId('test-result')).toHaveTextContent(/✓ claude-sonnet-4-5 answered in 412 ms/);
    await user.type(within(card).getByLabelText('New key for anthropic'), 'sk-ant-bad-key-000000000');
    await user.click(within(card).getByRole('button', { name: 'Add key' }));
    await waitFor(() => expect(within(card).getAllByTestId('key-hint')).toHaveLength(2));
    await user.click(within(card).getByRole('button', { name: 'Test' }));
    await waitFor(() => expect(within(card).getByTestId('test-result')).toHaveTextContent(/rejected the key.*HTTP 401/));
  });

  it('enables and disables a provider', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers');
    const card = await screen.findByTestId('provider-deepseek');
    await user.click(within(card).getByRole('switch'));
    await waitFor(() => expect(within(screen.getByTestId('provider-deepseek')).getByRole('switch')).toBeChecked());
    expect(client.fake.calls.find((c) => c.method === 'setProviderEnabled')?.input).toEqual({ id: 'deepseek', enabled: true });
  });
});

describe('adding a provider', () => {
  it('from a preset: search, pick, paste a key, test, save', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers/add');
    const dialog = await screen.findByRole('dialog', { name: 'Add a provider' });
    await user.type(within(dialog).getByRole('combobox'), 'groq');
    await user.click(await within(dialog).findByRole('option', { name: /Groq/ }));
    const setup = await screen.findByRole('dialog', { name: 'Add Groq' });
    expect(within(setup).getByLabelText('Provider id')).toHaveValue('groq');
    await user.type(within(setup).getByLabelText('API key'), 'gsk_live_0123456789abcdef');
    await user.click(within(setup).getByRole('button', { name: 'Test' }));
    expect(await within(setup).findByTestId('test-result')).toHaveTextContent('✓');
    expect(client.fake.calls.find((c) => c.method === 'addProvider')?.input).toMatchObject({ preset: 'groq', id: 'groq', apiKeys: ['gsk_live_0123456789abcdef'] });
    await user.click(within(setup).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const card = await screen.findByTestId('provider-groq');
    expect(within(card).getByRole('switch')).toBeChecked();
    expect(within(card).getAllByTestId('key-hint').map((e) => e.textContent)).toEqual(['gsk…cdef']);
  });

  it('warns when a key does not look like the preset’s, and removes a tested draft when cancelled', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers/add');
    const dialog = await screen.findByRole('dialog', { name: 'Add a provider' });
    await user.type(within(dialog).getByRole('combobox'), 'groq');
    await user.click(await within(dialog).findByRole('option', { name: /Groq/ }));
    const setup = await screen.findByRole('dialog', { name: 'Add Groq' });
    await user.type(within(setup).getByLabelText('API key'), 'sk-not-a-groq-key');
    expect(within(setup).getByText(/does not look like a Groq key/)).toBeInTheDocument();
    await user.click(within(setup).getByRole('button', { name: 'Test' }));
    await within(setup).findByTestId('test-result');
    await user.click(within(setup).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(client.fake.calls.some((c) => c.method === 'removeProvider' && (c.input as { id: string }).id === 'groq')).toBe(true));
  });

  it('puts a server error at the field it names', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers/add');
    const dialog = await screen.findByRole('dialog', { name: 'Add a provider' });
    await user.type(within(dialog).getByRole('combobox'), 'openai');
    await user.click(await within(dialog).findByRole('option', { name: /^OpenAI/ }));
    const setup = await screen.findByRole('dialog', { name: 'Add OpenAI' });
    client.fake.failNext('addProvider', new ApiError('CONFLICT', 'a provider "openai" already exists', { field: 'id' }));
    await user.click(within(setup).getByRole('button', { name: 'Save' }));
    const id = within(setup).getByLabelText('Provider id');
    await waitFor(() => expect(id).toHaveAttribute('aria-invalid', 'true'));
    expect(id).toHaveAccessibleDescription(/already exists/);
  });

  it('a custom provider is checked as you type with the config schema', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers/add');
    const dialog = await screen.findByRole('dialog', { name: 'Add a provider' });
    await user.type(within(dialog).getByRole('combobox'), 'custom');
    await user.click(await within(dialog).findByRole('option', { name: /Custom provider/ }));
    const form = await screen.findByRole('dialog', { name: 'Add a custom provider' });
    await user.type(within(form).getByLabelText('Provider id'), 'my/bad');
    await user.type(within(form).getByLabelText('Base URL'), 'ftp://x');
    await user.click(within(form).getByRole('button', { name: 'Add provider' }));
    expect(within(form).getByLabelText('Provider id')).toHaveAccessibleDescription(/letters, digits/);
    expect(within(form).getByLabelText('Base URL')).toHaveAccessibleDescription(/http: or https:/);
    expect(client.fake.calls.some((c) => c.method === 'addProvider')).toBe(false);
    await user.clear(within(form).getByLabelText('Provider id'));
    await user.type(within(form).getByLabelText('Provider id'), 'local-llm');
    await user.clear(within(form).getByLabelText('Base URL'));
    await user.type(within(form).getByLabelText('Base URL'), 'http://127.0.0.1:8080/v1');
    await user.type(within(form).getByLabelText('Models'), 'qwen3, llama4');
    await user.click(within(form).getByRole('button', { name: 'Add provider' }));
    expect(await screen.findByTestId('provider-local-llm')).toBeInTheDocument();
    expect(client.fake.calls.find((c) => c.method === 'addProvider')?.input).toMatchObject({ id: 'local-llm', protocol: 'openai', baseUrl: 'http://127.0.0.1:8080/v1', models: ['qwen3', 'llama4'] });
  });
});

describe('edit and remove', () => {
  it('edits a provider with a merge patch of what changed', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/providers');
    const card = await screen.findByTestId('provider-zai');
    await user.click(within(card).getByRole('button', { name: /Actions for/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const form = await screen.findByRole('dialog', { name: /Edit/ });
    await user.type(within(form).getByLabelText('Display name'), 'GLM');
    await user.click(within(form).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(client.fake.calls.find((c) => c.method === 'updateProvider')?.input).toEqual({ id: 'zai', patch: { name: 'GLM' } });
  });

  it('removes with confirmation; a provider used by routes can be removed from them too', async () => {
    const user = userEvent.setup();
    renderApp('#/providers');
    const card = await screen.findByTestId('provider-anthropic');
    await user.click(within(card).getByRole('button', { name: /Actions for/ }));
    await user.click(await screen.findByRole('menuitem', { name: 'Remove…' }));
    const dialog = await screen.findByRole('alertdialog', { name: /Remove Anthropic/ });
    expect(within(dialog).getByText(/routing\.default/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/routes use "anthropic"/);
    await user.click(within(dialog).getByRole('checkbox'));
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(screen.queryByTestId('provider-anthropic')).not.toBeInTheDocument());
  });
});
