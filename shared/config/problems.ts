/**
 * zod issues → one line per problem, `providers[1].baseUrl: expected an http(s) URL, got number 42`,
 * the form the CLI prints, the API returns (`field` + message) and the dashboard shows inline.
 */

export interface Problem {
  /** JSON path in the config (`providers[0].apiKeys[1]`), `$` for the document itself. */
  path: string;
  message: string;
}

interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
  input?: unknown;
  errors?: readonly (readonly IssueLike[])[];
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const k = String(seg);
      out += IDENT.test(k) ? (out ? `.${k}` : k) : `[${JSON.stringify(k)}]`;
    }
  }
  return out || '$';
}

/** A union branch "matched" unless its only complaint is the value's type at the union itself. */
function matched(branch: readonly IssueLike[]): boolean {
  return !(branch.length === 1 && branch[0]!.path.length === 0 && branch[0]!.code === 'invalid_type');
}

function collect(issues: readonly IssueLike[], base: readonly PropertyKey[], out: Problem[]): void {
  for (const iss of issues) {
    const path = [...base, ...iss.path];
    if (iss.code === 'unrecognized_keys' && iss.keys) {
      for (const k of iss.keys) out.push({ path: formatPath([...path, k]), message: iss.message });
      continue;
    }
    if (iss.code === 'invalid_union' && iss.errors) {
      const branches = iss.errors.filter(matched);
      if (branches.length === 1) {
        collect(branches[0]!, path, out);
        continue;
      }
    }
    out.push({ path: formatPath(path), message: iss.message });
  }
}

export function problemsFromIssues(issues: readonly IssueLike[], base: readonly PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  collect(issues, base, out);
  return out;
}

export const problemLine = (p: Problem): string => `${p.path}: ${p.message}`;
