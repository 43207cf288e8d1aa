// Types for the deep import of undici's Pool (see upstream.ts).
declare module 'undici/lib/dispatcher/pool.js' {
  import { Pool } from 'undici';
  export default Pool;
}
