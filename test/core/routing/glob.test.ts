import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../electron/core/routing/glob';

describe('compileGlob', () => {
  it('matches * across any run, including none and slashes', () => {
    const m = compileGlob('claude-*haiku*');
    expect(m('claude-3-5-haiku-20241022')).toBe(true);
    expect(m('claude-haiku')).toBe(true);
    expect(m('claude-haiku-4-5')).toBe(true);
    expect(m('claude-sonnet-4')).toBe(false);
    expect(m('x-claude-haiku')).toBe(false);
    expect(compileGlob('*')('openrouter/anthropic/claude')).toBe(true);
  });

  it('matches ? as exactly one character', () => {
    const m = compileGlob('gpt-?o');
    expect(m('gpt-4o')).toBe(true);
    expect(m('gpt-o')).toBe(false);
    expect(m('gpt-4oo')).toBe(false);
  });

  it('is case-insensitive and anchored', () => {
    expect(compileGlob('Claude-Opus-*')('claude-opus-5-5')).toBe(true);
    expect(compileGlob('opus')('claude-opus')).toBe(false);
  });

  it('treats regex metacharacters literally', () => {
    const m = compileGlob('a.b+(c)[d]{2}|$^\\-');
    expect(m('a.b+(c)[d]{2}|$^\\-')).toBe(true);
    expect(m('axb+(c)[d]{2}|$^\\-')).toBe(false);
    expect(compileGlob('gpt-4.1*')('gpt-4x1')).toBe(false);
  });
});
