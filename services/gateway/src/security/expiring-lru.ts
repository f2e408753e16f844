/**
 * A bounded least-recently-used map whose entries each expire at their own time. Reading an expired
 * entry drops it; past the bound, the least recently read entry goes first.
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<string, { value: V; expiresAtMs: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAtMs <= this.now()) return undefined;
    // Re-inserted last: a Map iterates in insertion order, so the first key is the least recent.
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, expiresAtMs: number): void {
    this.entries.delete(key);
    if (expiresAtMs <= this.now()) return;
    this.entries.set(key, { value, expiresAtMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
