/** Routing: changes checked with the schema, applied live with setRouting, errors placed inline. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors';
import { moveItem, parseRouteText, readList, routeText, setClassList, writeList } from '../../renderer/screens/routing/routing-doc';
import { renderApp } from './render';

const lastRouting = (calls: Array<{ method: string; input: unknown }>) => (calls.filter((c) => c.method === 'setRouting').at(-1)?.input as { routing: Record<string, unknown> } | undefined)?.routing;

describe('routing doc helpers', () => {
  it('read and write both list forms, keeping the short one for failover', () => {
    expect(readList(['a/b'])).toEqual({ targets: ['a/b'], strategy: 'failover' });
    expect(readList({ targets: ['a/b'], strategy: 'round-robin' })).toEqual({ targets: ['a/b'], strategy: 'round-robin' });
    expect(writeList({ targets: ['a/b'], strategy: 'failover' })).toEqual(['a/b']);
    expect(writeList({ targets: ['a/b'], strategy: 'weighted' })).toEqual({ targets: ['a/b'], strategy: 'weighted' });
    expect(setClassList({ default: ['a/b'], vision: ['c/d'] }, 'vision', undefined)).toEqual({ default: ['a/b'] });
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(parseRouteText('background')).toBe('background');
    expect(parseRouteText('a/b, c/d')).toEqual(['a/b', 'c/d']);
    expect(routeText({ targets: ['a/b', 'c/d'] })).toBe('a/b, c/d');
  });
});

describe('routing screen', () => {
  it('shows each class with its own or the default list', async () => {
    renderApp('#/routing');
    const def = await screen.findByTestId('route-default');
    expect(within(def).getAllByTestId('target-row').map((r) => r.querySelector('.target-name')!.textContent)).toEqual(['anthropic/claude-sonnet-4-5', 'zai/glm-4.6']);
    expect(within(screen.getByTestId('route-background')).getByLabelText('Strategy')).toHaveValue('round-robin');
    expect(within(screen.getByTestId('route-vision')).getByText(/Uses the default list/)).toBeInTheDocument();
  });

  it('reorders with the keyboard (Space, arrow, Space) and applies it at once', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/routing');
    const def = await screen.findByTestId('route-default');
    const rows = within(def).getAllByTestId('target-row');
    // jsdom has no layout: give the rows boxes so dnd-kit's keyboard sensor can measure them.
    rows.forEach((row, i) => {
      row.getBoundingClientRect = () => ({ x: 0, y: i * 40, top: i * 40, left: 0, right: 400, bottom: i * 40 + 36, width: 400, height: 36, toJSON: () => ({}) }) as DOMRect;
    });
    const handle = within(rows[1]!).getByRole('button', { name: /Move zai\/glm-4.6/ });
    handle.focus();
    await user.keyboard('[Space]');
    await new Promise((r) => setTimeout(r, 20));
    await user.keyboard('[ArrowUp]');
    await new Promise((r) => setTimeout(r, 20));
    await user.keyboard('[Space]');
    await waitFor(() => expect(lastRouting(client.fake.calls)?.default).toEqual(['zai/glm-4.6', 'anthropic/claude-sonnet-4-5']));
    await waitFor(() => expect(document.querySelector('.save-state')!.textContent).toBe('Saved: new requests use it now'));
  });

  it('changes a strategy, adds and removes targets', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/routing');
    const def = await screen.findByTestId('route-default');
    await user.selectOptions(within(def).getByLabelText('Strategy'), 'least-latency');
    await waitFor(() => expect(lastRouting(client.fake.calls)?.default).toEqual({ targets: ['anthropic/claude-sonnet-4-5', 'zai/glm-4.6'], strategy: 'least-latency' }));
    await user.selectOptions(within(def).getByLabelText('Add a target to Default'), 'deepseek/deepseek-chat');
    await user.click(within(def).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect((lastRouting(client.fake.calls)?.default as { targets: string[] }).targets).toContain('deepseek/deepseek-chat'));
    await user.click(within(def).getByRole('button', { name: 'Remove zai/glm-4.6' }));
    await waitFor(() => expect((lastRouting(client.fake.calls)?.default as { targets: string[] }).targets).toEqual(['anthropic/claude-sonnet-4-5', 'deepseek/deepseek-chat']));
  });

  it('explains an invalid threshold inline and sends nothing', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/routing');
    const input = await screen.findByLabelText('Long-context threshold (tokens)');
    await user.type(input, '-5{Enter}');
    await waitFor(() => expect(input).toHaveAttribute('aria-invalid', 'true'));
    expect(input).toHaveAccessibleDescription(/integer from 1/);
    expect(client.fake.calls.some((c) => c.method === 'setRouting')).toBe(false);
    expect(screen.getByText(/Not saved/)).toBeInTheDocument();
  });

  it('places a server error at the target it names', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/routing');
    const def = await screen.findByTestId('route-default');
    client.fake.failNext('setRouting', new ApiError('BAD_REQUEST', 'no provider "zai"', { field: 'routing.default.targets[1]' }));
    await user.selectOptions(within(def).getByLabelText('Strategy'), 'round-robin');
    await waitFor(() => expect(within(def).getAllByTestId('target-row')[1]).toHaveTextContent('no provider "zai"'));
  });

  it('edits a modelMap rule when the field loses focus', async () => {
    const user = userEvent.setup();
    const { client } = renderApp('#/routing');
    const route = await screen.findByLabelText('Route for pattern 1');
    await user.clear(route);
    await user.type(route, 'zai/glm-4.6, anthropic/claude-haiku-4-5');
    await user.tab();
    await waitFor(() => expect(lastRouting(client.fake.calls)?.modelMap).toEqual([{ match: 'claude-*haiku*', route: ['zai/glm-4.6', 'anthropic/claude-haiku-4-5'] }]));
  });
});
