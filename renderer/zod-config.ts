/**
 * Imported first by main.tsx, before any schema is built: the page's CSP forbids eval, so zod must
 * not compile parsers with `new Function` (its probe for that is itself a CSP violation).
 */
import { z } from 'zod';

z.config({ jitless: true });
