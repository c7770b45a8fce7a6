/**
 * A seeded pseudo-random source (mulberry32): the same seed writes the same data set, so two
 * benchmark runs compare code, not data. Not for secrets — session tokens use node:crypto.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * An independent stream per table group (FNV-1a of its name mixed into the seed), so a group
   * added later never shifts the rows of the others.
   */
  static forGroup(seed: number, group: string): Random {
    let hash = 0x811c9dc5;
    for (const char of group) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
    return new Random((seed ^ hash) >>> 0);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** A whole number in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * below);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('Cannot pick from an empty list.');
    return item;
  }

  bytes(count: number): Buffer {
    const buffer = Buffer.alloc(count);
    for (let i = 0; i < count; i++) buffer.writeUInt8(this.int(256), i);
    return buffer;
  }

  /**
   * A random UUID v4, reproducible from the seed: the server gives anonymous posts random ids
   * (a time-ordered id would carry the moment the author posted).
   */
  uuidV4(): string {
    const buffer = this.bytes(16);
    buffer.writeUInt8((buffer.readUInt8(6) & 0x0f) | 0x40, 6);
    buffer.writeUInt8((buffer.readUInt8(8) & 0x3f) | 0x80, 8);
    const hex = buffer.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /**
   * A UUID v7 for a given time, like the server's `newId()` but reproducible: ids stay
   * time-ordered with `createdAt`, as the cursor tie-breaker expects.
   */
  uuidV7(timeMs: number): string {
    const buffer = this.bytes(16);
    buffer.writeUIntBE(timeMs, 0, 6);
    buffer.writeUInt8((buffer.readUInt8(6) & 0x0f) | 0x70, 6);
    buffer.writeUInt8((buffer.readUInt8(8) & 0x3f) | 0x80, 8);
    const hex = buffer.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
