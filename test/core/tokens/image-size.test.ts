import { describe, expect, it } from 'vitest';
import { IMAGE_TOKENS, imageTokens, imageTokensForSize } from '../../../electron/core/tokens/image-size';
import { gif, jpeg, png, webp } from './images';

describe('image tokens', () => {
  it('follow Anthropic’s rule: width × height / 750 after scaling to 1568 px and ~1.15 MP', () => {
    expect(imageTokensForSize(200, 200)).toBe(54);
    expect(imageTokensForSize(1000, 1000)).toBe(1334);
    expect(imageTokensForSize(1092, 1092)).toBeLessThanOrEqual(IMAGE_TOKENS);
    expect(imageTokensForSize(4000, 3000)).toBeLessThanOrEqual(IMAGE_TOKENS);
    expect(imageTokensForSize(4000, 3000)).toBeGreaterThan(1400);
  });

  it.each([
    ['png', png(200, 100)],
    ['gif', gif(200, 100)],
    ['jpeg after 30 KB of EXIF', jpeg(200, 100, 30_000)],
    ['webp', webp(200, 100)],
  ])('reads the size of a base64 %s', (_kind, data) => {
    expect(imageTokens({ type: 'base64', media_type: 'image/x', data })).toBe(27);
    expect(imageTokens(`data:image/png;base64,${data}`)).toBe(27);
  });

  it('an image of unknown size (a URL, an unknown format) counts as a full-size image', () => {
    expect(imageTokens({ type: 'url', url: 'https://example.com/a.png' })).toBe(IMAGE_TOKENS);
    expect(imageTokens({ type: 'base64', data: Buffer.from('not an image at all, really').toString('base64') })).toBe(IMAGE_TOKENS);
  });
});
