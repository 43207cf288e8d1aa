/**
 * Signatures of the thinking blocks aimux mints.
 *
 * When an OpenAI-protocol upstream returns reasoning and the client speaks Anthropic, aimux turns it into
 * a `thinking` block. Anthropic clients (Claude Code) keep thinking blocks only with a `signature` and echo
 * them verbatim on the next turn, so aimux gives each one: `aimux:v1:<providerId>`.
 *
 * The format is plain text on purpose: it is not a secret and proves nothing. It lets aimux recognise
 * its own blocks later — to drop them before a request goes to a real Anthropic endpoint, where they can
 * never verify (see sanitize-thinking.ts), and to know which provider produced the reasoning.
 * Anthropic's own signatures are long base64 strings and never contain `:`.
 */

const PREFIX = 'aimux:v1:';

export function aimuxThinkingSignature(providerId: string): string {
  return PREFIX + providerId;
}

export function isAimuxThinkingSignature(signature: string): boolean {
  return signature.startsWith(PREFIX);
}

/** The provider named by an aimux signature, or undefined for any other signature. */
export function aimuxSignatureProvider(signature: string): string | undefined {
  return isAimuxThinkingSignature(signature) ? signature.slice(PREFIX.length) : undefined;
}
