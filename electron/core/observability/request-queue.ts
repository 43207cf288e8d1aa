/**
 * Finished requests waiting for the history's next write, kept as bytes outside the JavaScript heap:
 * each request's JSON row (request-row.ts) is copied into one growing buffer when the request finishes,
 * and read back as a string only when the batch is written.
 *
 * Why not an array of strings: under load a batch fills in tens of milliseconds, so every queued row
 * would outlive a few young-generation collections and be copied into the old generation, which then
 * needs more full collections (docs/benchmarks.md, "Observability"). Here the row's string dies young,
 * and the queue itself is a few long-lived objects whatever it holds.
 */
export class RequestQueue {
  private readonly initialBytes: number;
  private bytes: Buffer;
  private used = 0;
  /** Per row: its `at`, and where its id and its row end in `bytes` (it starts where the previous one ended). */
  private ats: Float64Array;
  private ends: Uint32Array;
  private count = 0;

  constructor(rows = 256, bytesPerRow = 1024) {
    this.initialBytes = rows * bytesPerRow;
    this.bytes = Buffer.allocUnsafe(this.initialBytes);
    this.ats = new Float64Array(rows);
    this.ends = new Uint32Array(rows * 2);
  }

  get length(): number {
    return this.count;
  }

  push(at: number, id: string, row: string): void {
    if (this.count === this.ats.length) this.growRows();
    // UTF-8 takes at most three bytes per UTF-16 unit.
    const need = this.used + 3 * (id.length + row.length);
    if (need > this.bytes.length) this.growBytes(need);
    const idEnd = this.used + this.bytes.write(id, this.used, 'utf8');
    this.used = idEnd + this.bytes.write(row, idEnd, 'utf8');
    this.ats[this.count] = at;
    this.ends[2 * this.count] = idEnd;
    this.ends[2 * this.count + 1] = this.used;
    this.count++;
  }

  at(i: number): number {
    return this.ats[i]!;
  }

  id(i: number): string {
    return this.bytes.toString('utf8', this.start(i), this.ends[2 * i]!);
  }

  row(i: number): string {
    return this.bytes.toString('utf8', this.ends[2 * i]!, this.ends[2 * i + 1]!);
  }

  /** The row's bytes (a view: valid until the queue changes). */
  rowBytes(i: number): Uint8Array {
    return this.bytes.subarray(this.ends[2 * i]!, this.ends[2 * i + 1]!);
  }

  /** Drops the oldest rows beyond `max`. */
  keepNewest(max: number): void {
    const drop = this.count - max;
    if (drop <= 0) return;
    const from = this.start(drop);
    this.bytes.copyWithin(0, from, this.used);
    this.used -= from;
    this.ats.copyWithin(0, drop, this.count);
    this.ends.copyWithin(0, 2 * drop, 2 * this.count);
    this.count = max;
    for (let i = 0; i < 2 * max; i++) this.ends[i]! -= from;
  }

  /** Empties the queue (and gives back what it grew to while the database was unavailable). */
  clear(): void {
    this.count = 0;
    this.used = 0;
    if (this.bytes.length > 4 * this.initialBytes) this.bytes = Buffer.allocUnsafe(this.initialBytes);
  }

  private start(i: number): number {
    return i === 0 ? 0 : this.ends[2 * i - 1]!;
  }

  private growRows(): void {
    const ats = new Float64Array(this.ats.length * 2);
    ats.set(this.ats);
    const ends = new Uint32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.ats = ats;
    this.ends = ends;
  }

  private growBytes(need: number): void {
    const bytes = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
    this.bytes.copy(bytes, 0, 0, this.used);
    this.bytes = bytes;
  }
}
