/**
 * Base URL templates. A preset's `baseUrl` may name placeholders such as Azure's
 * `https://{resource}.openai.azure.com/openai/deployments/{deployment}`; the preset's `params`
 * describe them, and the user's values fill them in. Pure string work, no I/O.
 */

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The placeholder names in a base URL template, in order of first appearance, without repeats. */
export function baseUrlPlaceholders(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) if (!names.includes(m[1]!)) names.push(m[1]!);
  return names;
}

/**
 * Replaces every `{name}` with `values[name]`. A value must be non-empty and may not contain
 * characters that would change the URL's structure (`/ ? # @ { }` or whitespace), except for a
 * placeholder that is the whole template (the generic presets' `{baseUrl}`), which takes a URL.
 * Throws on a missing or unsafe value, naming the placeholder (never echoing the value).
 */
export function fillBaseUrl(template: string, values: Readonly<Record<string, string>>): string {
  const whole = /^\{[A-Za-z][A-Za-z0-9_]*\}$/.test(template);
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new Error(`base URL placeholder {${name}} has no value`);
    if (!whole && /[/?#@{}\s]/.test(value)) throw new Error(`base URL placeholder {${name}}: value contains a character not allowed in this part of the URL`);
    return whole ? value.replace(/\/+$/, '') : value;
  });
}
