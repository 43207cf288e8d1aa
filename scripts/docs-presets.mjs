// Regenerates docs/presets.md from the preset data in electron/core/providers/presets/.
// `node scripts/docs-presets.mjs --check` exits 1 when the file is out of date (a test runs it).
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const entry = new URL('electron/core/providers/presets/index.ts', root).pathname;
const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'error' });
const code = bundle.outputFiles[0].text;
const { PROVIDER_PRESETS } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code_ = (s) => (s === undefined || s === '' ? '—' : `\`${cell(s)}\``);
const int = (n) => n.toLocaleString('en-US');
const usd = (n) => (n === undefined ? '—' : `$${n}`);
const yes = (b) => (b ? 'yes' : 'no');
const query = (q) => (q ? `?${Object.entries(q).map(([k, v]) => `${k}=${v}`).join('&')}` : '');

const out = [
  '# Provider presets',
  '',
  'A preset is the data aimux needs to talk to one provider: its protocol, base URL, auth style, the quirks the',
  'shared adapters understand, and the models people use with coding agents, with their limits and prices. The',
  'presets live in `electron/core/providers/presets/` (one file each, checked against `schema.ts` by the tests);',
  'this page is generated from them (`node scripts/docs-presets.mjs`), so it shows exactly what the data says.',
  '',
  'Values were checked against each provider\'s public documentation on the date in the **checked** column.',
  'Prices are USD per million tokens and appear only where the provider publishes them; `—` means not recorded',
  '(see the preset\'s notes). The **key pattern** only warns when a key looks like another provider\'s; it never',
  'refuses a key. In a base URL, `{name}` is a value you fill in.',
  '',
  '| id | name | protocol | base URL | auth | key pattern | model list | checked |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const p of PROVIDER_PRESETS) {
  const base = p.baseUrl === '' ? '(in-process)' : `${p.baseUrl}${query(p.query)}`;
  out.push(`| \`${p.id}\` | ${cell(p.name)} | ${p.protocol} | ${code_(base)} | ${p.auth} | ${code_(p.keyPattern?.source)} | ${code_(p.modelsEndpoint)} | ${p.checked} |`);
}
out.push('');
for (const p of PROVIDER_PRESETS) {
  out.push(`## ${p.name} (\`${p.id}\`)`, '');
  const links = [p.docsUrl.startsWith('http') ? `[docs](${p.docsUrl})` : `docs: \`${p.docsUrl}\``];
  if (p.pricingUrl) links.push(`[pricing](${p.pricingUrl})`);
  if (p.local) links.push('runs locally');
  if (p.quirks) links.push(`quirks: ${Object.entries(p.quirks).map(([k, v]) => `\`${k}: ${v}\``).join(', ')}`);
  out.push(links.join(' · '), '');
  for (const param of p.params ?? []) out.push(`- \`{${param.name}}\`: ${param.label}${param.example ? ` (e.g. \`${param.example}\`)` : ''}`);
  if (p.params?.length) out.push('');
  if (p.notes) out.push(p.notes, '');
  if (p.models.length === 0) {
    out.push('No models are listed: they depend on your server or deployment (see the live model list).', '');
    continue;
  }
  out.push('| model | context | max output | tools | vision | thinking | input | output | cache read | cache write |', '| --- | ---: | ---: | --- | --- | --- | ---: | ---: | ---: | ---: |');
  for (const m of p.models) {
    const c = m.capabilities;
    const pr = m.pricing ?? {};
    out.push(`| \`${cell(m.id)}\` | ${int(m.contextWindow)} | ${int(m.maxOutputTokens)} | ${yes(c.tools)} | ${yes(c.vision)} | ${yes(c.thinking)} | ${usd(pr.input)} | ${usd(pr.output)} | ${usd(pr.cacheRead)} | ${usd(pr.cacheWrite)} |`);
  }
  out.push('');
}
const text = out.join('\n');
const target = new URL('docs/presets.md', root);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('docs/presets.md is out of date: run node scripts/docs-presets.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
