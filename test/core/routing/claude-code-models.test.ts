/**
 * Claude Code's model ids (opus, sonnet and haiku families, dated and `[1m]` variants) resolve through modelMap
 * globs as the README suggests; haiku-class ids go to the background class by default; `provider/model` (what
 * `/model provider/model` sends) reaches that target directly.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../electron/core/config/schema';
import { createClassifier } from '../../../electron/core/routing/classify';
import { extractFeatures } from '../../../electron/core/routing/features';

const PROVIDERS = [
  { id: 'zai', protocol: 'anthropic', baseUrl: 'https://api.z.ai/api/anthropic', models: ['glm-4.6', 'glm-4.5-air'] },
  { id: 'ds', protocol: 'openai', baseUrl: 'https://api.deepseek.com/v1', models: ['deepseek-chat', 'deepseek-reasoner'] },
];
const config = resolveConfig(
  {
    providers: PROVIDERS,
    routing: {
      default: ['zai/glm-4.6'],
      background: ['zai/glm-4.5-air'],
      longContext: ['ds/deepseek-chat'],
      modelMap: {
        '*[1m]': 'longContext',
        'claude-opus-*': ['zai/glm-4.6', 'ds/deepseek-reasoner'],
        'claude-sonnet-*': ['zai/glm-4.6'],
        'claude-*haiku*': 'background',
      },
    },
  },
  { source: 'test', env: {} },
);
const ids = new Set(config.providers.map((p) => p.id));
const classify = createClassifier(config.routing);
const decide = (model: string, body: Record<string, unknown> = {}) => classify(extractFeatures('anthropic', { model, messages: [], ...body }), ids);
const targets = (model: string) => decide(model).list.targets.map((t) => `${t.providerId}/${t.model}`);

describe('Claude Code model ids through modelMap', () => {
  it.each([
    ['claude-opus-5-5', 'claude-opus-*'],
    ['claude-opus-4-8', 'claude-opus-*'],
    ['claude-opus-4-1-20250805', 'claude-opus-*'],
    ['claude-opus-4-8[1m]', '*[1m]'],
    ['claude-sonnet-5-5', 'claude-sonnet-*'],
    ['claude-sonnet-5', 'claude-sonnet-*'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-*'],
    ['claude-sonnet-4-5-20250929[1m]', '*[1m]'],
    ['claude-haiku-4-5-20251001', 'claude-*haiku*'],
    ['claude-3-5-haiku-20241022', 'claude-*haiku*'],
    ['CLAUDE-HAIKU-4-5', 'claude-*haiku*'],
  ])('%s matches "%s"', (model, pattern) => {
    const d = decide(model);
    expect(d.via).toBe('model-map');
    expect(d.reason).toContain(`matched modelMap "${pattern}"`);
  });

  it('routes each family where the map says', () => {
    expect(targets('claude-opus-5-5')).toEqual(['zai/glm-4.6', 'ds/deepseek-reasoner']);
    expect(targets('claude-sonnet-4-5-20250929')).toEqual(['zai/glm-4.6']);
    expect(decide('claude-haiku-4-5-20251001').class).toBe('background');
    expect(decide('claude-opus-4-8[1m]').class).toBe('longContext');
  });

  it('[1m] is literal in a glob: it matches only the [1m] variant', () => {
    const only = resolveConfig({ providers: PROVIDERS, routing: { default: ['zai/glm-4.6'], longContext: ['ds/deepseek-chat'], modelMap: { 'claude-sonnet-4-5*[1m]': 'longContext' } } }, { source: 'test', env: {} });
    const c = createClassifier(only.routing);
    const f = (model: string) => c(extractFeatures('anthropic', { model, messages: [] }), ids);
    expect(f('claude-sonnet-4-5-20250929[1m]').class).toBe('longContext');
    expect(f('claude-sonnet-4-5-20250929').via).toBe('class');
    expect(f('claude-sonnet-4-5-20250929[1]').via).toBe('class');
  });
});

describe('without a modelMap', () => {
  const plain = resolveConfig({ providers: PROVIDERS, routing: { default: ['zai/glm-4.6'], background: ['zai/glm-4.5-air'] } }, { source: 'test', env: {} });
  const c = createClassifier(plain.routing);

  it('haiku-class ids go to the background class; others to default', () => {
    expect(c(extractFeatures('anthropic', { model: 'claude-haiku-4-5-20251001', messages: [] }), ids).class).toBe('background');
    expect(c(extractFeatures('anthropic', { model: 'claude-3-5-haiku-20241022', messages: [], thinking: { type: 'disabled' } }), ids).class).toBe('background');
    expect(c(extractFeatures('anthropic', { model: 'claude-opus-5-5', messages: [] }), ids).class).toBe('default');
  });

  it('/model provider/model reaches that target directly, model ids with "/" included', () => {
    const d = c(extractFeatures('anthropic', { model: 'ds/deepseek-reasoner', messages: [] }), ids);
    expect([d.via, d.list.targets]).toEqual(['explicit', [{ providerId: 'ds', model: 'deepseek-reasoner' }]]);
    const slash = c(extractFeatures('anthropic', { model: 'zai/vendor/model-x', messages: [] }), ids);
    expect(slash.list.targets).toEqual([{ providerId: 'zai', model: 'vendor/model-x' }]);
  });
});
