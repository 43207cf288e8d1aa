/** Replaced at build time by scripts/build.mjs; tests run from source and see the fallback. */
declare const __AIMUX_VERSION__: string | undefined;

export const AIMUX_VERSION: string = typeof __AIMUX_VERSION__ === 'string' ? __AIMUX_VERSION__ : '0.0.0-dev';
export const AIMUX_USER_AGENT = `aimux/${AIMUX_VERSION}`;
