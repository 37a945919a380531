/** An object built on first use (the graph of a large project costs time only for templates that read it). */
export function lazyDict(build: () => Record<string, unknown>): Record<string, unknown> {
  let built: Record<string, unknown> | undefined;
  const value = () => (built ??= build());
  return new Proxy({}, {
    get: (_t, key) => Reflect.get(value(), key),
    has: (_t, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    getOwnPropertyDescriptor: (_t, key) => {
      const d = Reflect.getOwnPropertyDescriptor(value(), key);
      return d && { ...d, configurable: true };
    },
  });
}
