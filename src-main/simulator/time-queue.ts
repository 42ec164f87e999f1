/**
 * A min-heap of timed items: insert and take-the-earliest in O(log n), so a surge that plans
 * hundreds of thousands of future case changes does not slow the simulator down. Items with
 * equal times come out in insertion order.
 */
export class TimeQueue<T extends { at: number }> {
  private readonly heap: { item: T; n: number }[] = [];
  private counter = 0;

  get size(): number {
    return this.heap.length;
  }

  push(item: T): void {
    const h = this.heap;
    h.push({ item, n: this.counter++ });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Drops every item matching `drop` (O(n log n); for rare edits such as an operator's action). */
  removeWhere(drop: (item: T) => boolean): void {
    const kept = this.heap.filter((e) => !drop(e.item)).sort((x, y) => x.item.at - y.item.at || x.n - y.n);
    // A sorted array is a valid min-heap.
    this.heap.length = 0;
    for (const e of kept) this.heap.push(e);
  }

  /** The earliest item, if it is due by `now`. */
  popDue(now: number): T | undefined {
    const h = this.heap;
    if (h.length === 0 || h[0]!.item.at > now) return undefined;
    const top = h[0]!.item;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(l, m)) m = l;
        if (r < h.length && this.less(r, m)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.item.at < y.item.at || (x.item.at === y.item.at && x.n < y.n);
  }
}
