/**
 * A tiny fixed-size pool: engines hand out one connection per thread, created on first need.
 * Waiters are served in arrival order.
 */
export interface Pool<T> {
  use<R>(work: (item: T) => Promise<R>): Promise<R>;
  drain(): Promise<T[]>;
}

export function createPool<T>(size: number, create: () => Promise<T>): Pool<T> {
  const idle: T[] = [];
  const all: T[] = [];
  const waiters: Array<(item: T) => void> = [];
  let creating = 0;

  async function acquire(): Promise<T> {
    const item = idle.pop();
    if (item !== undefined) return item;
    if (all.length + creating < size) {
      creating++;
      try {
        const created = await create();
        all.push(created);
        return created;
      } finally {
        creating--;
      }
    }
    return new Promise<T>((resolve) => waiters.push(resolve));
  }

  function release(item: T): void {
    const next = waiters.shift();
    if (next) next(item);
    else idle.push(item);
  }

  return {
    async use(work) {
      const item = await acquire();
      try {
        return await work(item);
      } finally {
        release(item);
      }
    },
    async drain() {
      return all.splice(0);
    },
  };
}
