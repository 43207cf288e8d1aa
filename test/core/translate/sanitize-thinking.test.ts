import { describe, expect, it } from 'vitest';
import type { AnthropicMessageParam, AnthropicMessagesRequest } from '../../../electron/core/protocol/anthropic';
import {
  aimuxSignatureProvider,
  aimuxThinkingSignature,
  finalToolLoopTurnLacksThinking,
  isAimuxThinkingSignature,
  sanitizeThinkingForAnthropicTarget,
} from '../../../electron/core/translate';

const req = (messages: AnthropicMessageParam[], thinking: AnthropicMessagesRequest['thinking'] = { type: 'adaptive' }): AnthropicMessagesRequest => ({
  model: 'claude-sonnet-5',
  max_tokens: 32000,
  messages,
  ...(thinking === undefined ? {} : { thinking }),
});

const minted = { type: 'thinking', thinking: 'from deepseek', signature: 'aimux:v1:deepseek' } as const;
const real = { type: 'thinking', thinking: 'from claude', signature: 'EqQBCkYIBxgCKkB' } as const;
const call = { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } } as const;
const result: AnthropicMessageParam = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }] };

describe('aimux thinking signatures', () => {
  it('name the provider and are recognised', () => {
    expect(aimuxThinkingSignature('deepseek')).toBe('aimux:v1:deepseek');
    expect(isAimuxThinkingSignature('aimux:v1:x')).toBe(true);
    expect(isAimuxThinkingSignature('EqQBCkYIBxgCKkB')).toBe(false);
    expect(aimuxSignatureProvider('aimux:v1:open:router')).toBe('open:router');
    expect(aimuxSignatureProvider('EqQB')).toBeUndefined();
  });
});

describe('sanitizeThinkingForAnthropicTarget', () => {
  it('returns the same object when nothing needs to change', () => {
    const r = req([{ role: 'user', content: 'q' }, { role: 'assistant', content: [real, { type: 'text', text: 'a' }] }, { role: 'user', content: 'q2' }]);
    const out = sanitizeThinkingForAnthropicTarget(r, 'anthropic');
    expect(out.body).toBe(r);
    expect(out.notes).toEqual([]);
  });

  it('drops aimux-minted and unsigned thinking, keeps real and redacted; an emptied assistant message goes', () => {
    const r = req([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [minted, { type: 'text', text: 'a' }] },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'x', signature: '' }] },
      { role: 'user', content: 'q3' },
      { role: 'assistant', content: [real, { type: 'redacted_thinking', data: 'zz' }, { type: 'text', text: 'b' }] },
      { role: 'user', content: 'q4' },
    ]);
    const copy = structuredClone(r);
    const out = sanitizeThinkingForAnthropicTarget(r, 'anthropic');
    expect(out.body).toEqual({
      ...r,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'text', text: 'a' }] },
        { role: 'user', content: 'q2' },
        { role: 'user', content: 'q3' },
        { role: 'assistant', content: [real, { type: 'redacted_thinking', data: 'zz' }, { type: 'text', text: 'b' }] },
        { role: 'user', content: 'q4' },
      ],
    });
    expect(out.notes).toEqual([
      { code: 'thinking_signature_dropped', detail: '2 thinking block(s) that cannot verify at anthropic removed (from: deepseek, unsigned)' },
    ]);
    expect(r).toEqual(copy);
  });

  it('in a tool loop whose last assistant turn loses its leading thinking, thinking is off for the turn', () => {
    const r = req([{ role: 'user', content: 'run ls' }, { role: 'assistant', content: [minted, call] }, result, { role: 'system', content: 'queued note' }], {
      type: 'enabled',
      budget_tokens: 4000,
    });
    const out = sanitizeThinkingForAnthropicTarget(r, 'anthropic');
    expect(out.body).not.toHaveProperty('thinking');
    expect(out.body.messages[1]).toEqual({ role: 'assistant', content: [call] });
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_signature_dropped', 'thinking_disabled_for_turn']);
  });

  it('a tool loop with real thinking, or thinking disabled, keeps the request', () => {
    const withReal = req([{ role: 'user', content: 'run ls' }, { role: 'assistant', content: [real, call] }, result]);
    expect(sanitizeThinkingForAnthropicTarget(withReal, 'anthropic').body).toBe(withReal);
    const off = req([{ role: 'user', content: 'run ls' }, { role: 'assistant', content: [minted, call] }, result], { type: 'disabled' });
    const out = sanitizeThinkingForAnthropicTarget(off, 'anthropic');
    expect(out.body.thinking).toEqual({ type: 'disabled' });
    expect(out.notes.map((n) => n.code)).toEqual(['thinking_signature_dropped']);
  });

  it('a finished tool loop (new user text) keeps thinking', () => {
    const r = req([{ role: 'user', content: 'run ls' }, { role: 'assistant', content: [minted, call] }, result, { role: 'assistant', content: 'done' }, { role: 'user', content: 'next' }]);
    const out = sanitizeThinkingForAnthropicTarget(r, 'anthropic');
    expect(out.body.thinking).toEqual({ type: 'adaptive' });
  });

  it.each([
    ['no tool result last', [{ role: 'user', content: 'q' }], false],
    ['assistant with thinking first', [{ role: 'assistant', content: [real, call] }, result], false],
    ['assistant with redacted thinking first', [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x' }, call] }, result], false],
    ['assistant without thinking', [{ role: 'assistant', content: [call] }, result], true],
    ['assistant with text first', [{ role: 'assistant', content: [{ type: 'text', text: 'x' }, real, call] }, result], true],
    ['trailing system messages are skipped', [{ role: 'assistant', content: [call] }, result, { role: 'system', content: 's' }], true],
  ] as Array<[string, AnthropicMessageParam[], boolean]>)('finalToolLoopTurnLacksThinking: %s', (_name, messages, expected) => {
    expect(finalToolLoopTurnLacksThinking(messages)).toBe(expected);
  });
});
