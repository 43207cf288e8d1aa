/**
 * Model-name globs for `routing.modelMap`: `*` matches any run of characters (including none and
 * `/`), `?` exactly one character; everything else is literal. Matching is case-insensitive and
 * covers the whole name.
 */
export type GlobMatcher = (name: string) => boolean;

export function compileGlob(pattern: string): GlobMatcher {
  let source = '^';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const re = new RegExp(source + '$', 'isu');
  return (name) => re.test(name);
}
