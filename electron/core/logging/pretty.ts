/**
 * A small formatter for pino's JSON lines on a terminal: `12:00:01.234 INFO  message key=value …`,
 * coloured by level. (Piped or redirected output stays JSON, one object per line.)
 */
const LEVELS: Record<number, [string, string]> = {
  10: ['TRACE', '\x1b[90m'],
  20: ['DEBUG', '\x1b[36m'],
  30: ['INFO ', '\x1b[32m'],
  40: ['WARN ', '\x1b[33m'],
  50: ['ERROR', '\x1b[31m'],
  60: ['FATAL', '\x1b[35m'],
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

function value(v: unknown): string {
  if (typeof v === 'string') return /\s|"/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

export function formatPretty(line: string, color: boolean): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const [name, tint] = LEVELS[o.level as number] ?? ['LOG  ', ''];
  const t = typeof o.time === 'string' ? o.time.slice(11, 23) : typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 23) : '';
  const fields = Object.entries(o)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => (k === 'err' && typeof v === 'object' && v !== null ? `err=${value((v as { message?: unknown }).message)}` : `${k}=${value(v)}`))
    .join(' ');
  const c = (code: string, s: string) => (color ? `${code}${s}${RESET}` : s);
  return `${c(DIM, t)} ${c(tint, name)} ${String(o.msg ?? '')}${fields ? ` ${c(DIM, fields)}` : ''}\n`;
}
