/**
 * A small memo keyed by the bytes of a field, without building a string per lookup: FNV-1a (32-bit) of the
 * bytes picks the slot and the stored bytes are compared, so a hash collision is a miss, never a wrong value.
 * Labels such as "电话" or "answered" repeat millions of times in a call log; this turns their
 * standardization into a short hash loop and one Map hit.
 */

interface Entry<V> {
  readonly bytes: Uint8Array;
  readonly value: V;
}

export class ByteCache<V> {
  private readonly map = new Map<number, Entry<V>>();

  /** @param maxEntries cleared when full, so unbounded garbage labels cannot grow memory */
  constructor(private readonly maxEntries = 50_000) {}

  /** The value stored for `buf[start, end)`, or undefined. */
  get(buf: Uint8Array, start: number, end: number): V | undefined {
    const entry = this.map.get(fnv1a(buf, start, end));
    if (entry === undefined) return undefined;
    const bytes = entry.bytes;
    if (bytes.length !== end - start) return undefined;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== buf[start + i]) return undefined;
    return entry.value;
  }

  /** Every stored key (as UTF-8 text) and value. */
  *entries(): Generator<[string, V]> {
    for (const entry of this.map.values()) yield [Buffer.from(entry.bytes).toString('utf8'), entry.value];
  }

  set(buf: Uint8Array, start: number, end: number, value: V): void {
    if (this.map.size >= this.maxEntries) this.map.clear();
    this.map.set(fnv1a(buf, start, end), { bytes: buf.slice(start, end), value });
  }
}

function fnv1a(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return h;
}
