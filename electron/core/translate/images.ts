/**
 * Images between the two protocols.
 *
 * - Anthropic base64 source → OpenAI `image_url` with a data URI (`data:<media_type>;base64,<data>`);
 *   url source → `image_url.url` as is; file source (Files API id) → TRANSLATION_UNSUPPORTED.
 * - OpenAI `image_url`: a base64 data URI → base64 source; http(s) → url source. Anthropic takes
 *   image/jpeg, image/png, image/gif and image/webp only; anything else is TRANSLATION_UNSUPPORTED.
 *   `detail` has no Anthropic equivalent (note `param_dropped` when not `auto`).
 * - A target without vision gets a short text placeholder per image instead (note `images_omitted`).
 */

import type { AnthropicImageBlock } from '../protocol/anthropic';
import type { OpenAIImagePart } from '../protocol/openai';
import { expectObj, expectString, invalid, unsupported } from './checks';

export const ANTHROPIC_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

export function imagePlaceholder(providerId: string): string {
  return `[image omitted: ${providerId} does not accept images]`;
}

export function anthropicImageToOpenAI(block: AnthropicImageBlock, path: string): OpenAIImagePart {
  const source = expectObj(block.source, `${path}.source`);
  if (source.type === 'base64') {
    const mediaType = expectString(source.media_type, `${path}.source.media_type`);
    const data = expectString(source.data, `${path}.source.data`);
    return { type: 'image_url', image_url: { url: `data:${mediaType};base64,${data}` } };
  }
  if (source.type === 'url') {
    return { type: 'image_url', image_url: { url: expectString(source.url, `${path}.source.url`) } };
  }
  throw unsupported(`${path}.source.type`, `image source "${String(source.type)}" cannot be sent to an OpenAI-protocol provider`);
}

export function openAIImageToAnthropic(part: OpenAIImagePart, path: string): AnthropicImageBlock {
  const url = expectString(expectObj(part.image_url, `${path}.image_url`).url, `${path}.image_url.url`);
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    const header = comma < 0 ? '' : url.slice(5, comma);
    if (!header.endsWith(';base64')) throw invalid(`${path}.image_url.url`, 'a data URI image must be base64');
    const mediaType = header.slice(0, -';base64'.length).toLowerCase();
    if (!ANTHROPIC_IMAGE_TYPES.includes(mediaType)) {
      throw unsupported(`${path}.image_url.url`, `image type "${mediaType}" is not accepted by Anthropic (jpeg, png, gif, webp)`);
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: url.slice(comma + 1) } };
  }
  if (url.startsWith('https://') || url.startsWith('http://')) return { type: 'image', source: { type: 'url', url } };
  throw invalid(`${path}.image_url.url`, 'expected a data URI or an http(s) URL');
}
