/**
 * Image tokens as Anthropic bills them: an image is scaled down to fit 1568 px on its long edge and about
 * 1.15 megapixels, then costs width × height / 750 tokens (~1,600 at most). The size is read from the header
 * of a base64 PNG, GIF, WebP or JPEG (only the first bytes are decoded); anything else (a URL, an unknown
 * format) counts IMAGE_TOKENS, the cost of a full-size image.
 */

/** The cost of an image whose size is unknown: the largest an image costs. */
export const IMAGE_TOKENS = 1600;
const MAX_EDGE = 1568;
const MAX_PIXELS = 1_150_000;
/** JPEG keeps its size in a SOF marker that may follow EXIF data: this much of it is searched. */
const JPEG_SCAN_BYTES = 64 * 1024;

export function imageTokensForSize(width: number, height: number): number {
  if (!(width > 0 && height > 0)) return IMAGE_TOKENS;
  const scale = Math.min(1, MAX_EDGE / Math.max(width, height), Math.sqrt(MAX_PIXELS / (width * height)));
  return Math.min(IMAGE_TOKENS, Math.max(1, Math.ceil((Math.round(width * scale) * Math.round(height * scale)) / 750)));
}

/** Tokens of an Anthropic image `source` (or an OpenAI `image_url` data URL). */
export function imageTokens(source: unknown): number {
  const data = base64Of(source);
  if (data === undefined) return IMAGE_TOKENS;
  const size = imageSize(Buffer.from(data.slice(0, 44), 'base64'), () => Buffer.from(data.slice(0, Math.ceil(JPEG_SCAN_BYTES / 3) * 4), 'base64'));
  return size ? imageTokensForSize(size.width, size.height) : IMAGE_TOKENS;
}

function base64Of(source: unknown): string | undefined {
  if (typeof source === 'string') {
    const m = /^data:image\/[a-z+.-]+;base64,/i.exec(source);
    return m ? source.slice(m[0].length) : undefined;
  }
  if (typeof source !== 'object' || source === null) return undefined;
  const s = source as Record<string, unknown>;
  if (s.type === 'base64' && typeof s.data === 'string') return s.data;
  if (typeof s.url === 'string') return base64Of(s.url);
  return undefined;
}

/** Width and height from an image header; `more` decodes a longer prefix when the format needs it (JPEG). */
export function imageSize(head: Buffer, more: () => Buffer): { width: number; height: number } | undefined {
  if (head.length >= 24 && head.readUInt32BE(0) === 0x89504e47) return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  if (head.length >= 10 && head.toString('latin1', 0, 3) === 'GIF') return { width: head.readUInt16LE(6), height: head.readUInt16LE(8) };
  if (head.length >= 30 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return webpSize(head);
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xd8) return jpegSize(more());
  return undefined;
}

function webpSize(b: Buffer): { width: number; height: number } | undefined {
  const kind = b.toString('latin1', 12, 16);
  if (kind === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (kind === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: 1 + (bits & 0x3fff), height: 1 + ((bits >> 14) & 0x3fff) };
  }
  if (kind === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  return undefined;
}

function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
    }
    i += 2 + b.readUInt16BE(i + 2);
  }
  return undefined;
}
