import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One stored order: the event as received and the receiver's own (verified) pricing of it. */
export interface StoredOrder {
  id: string;
  receivedAt: string;
  quoteId: string;
  version: number;
  digest: string | undefined;
  total: string | undefined;
  currency: string | undefined;
  event: unknown;
}

/**
 * Orders in a JSON-lines file, one order per line, de-duplicated by event id. The file is read
 * once at start (a line torn by a crash is skipped and reported) and appended to through one
 * queue, so concurrent requests never interleave their lines.
 */
export class OrderStore {
  private readonly byId = new Map<string, StoredOrder>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {}

  /** Open (or create) the store at `file`; `skipped` counts unreadable lines. */
  static async open(file: string): Promise<{ store: OrderStore; skipped: number }> {
    const store = new OrderStore(file);
    await mkdir(dirname(file), { recursive: true });
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const order = JSON.parse(line) as StoredOrder;
        if (typeof order.id === 'string') store.byId.set(order.id, order);
        else skipped++;
      } catch {
        skipped++;
      }
    }
    // A line torn by a crash: end it, so that the next order starts a line of its own.
    if (text !== '' && !text.endsWith('\n')) await appendFile(file, '\n', 'utf8');
    return { store, skipped };
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): StoredOrder | undefined {
    return this.byId.get(id);
  }

  /** Every order, in the order received. */
  all(): StoredOrder[] {
    return [...this.byId.values()];
  }

  /** Store `order` unless its id is stored; false for a duplicate. Resolves once on disk. */
  async add(order: StoredOrder): Promise<boolean> {
    if (this.byId.has(order.id)) return false;
    this.byId.set(order.id, order);
    const line = `${JSON.stringify(order)}\n`;
    const write = this.writes.then(() => appendFile(this.file, line, 'utf8'));
    this.writes = write.catch(() => undefined);
    try {
      await write;
    } catch (e) {
      this.byId.delete(order.id); // not on disk: not stored, so a retry can store it
      throw e;
    }
    return true;
  }
}
