/**
 * Streams the elements of one array inside a JSON document (the whole document, or the array at a
 * dotted path of object keys such as `data.items`) without holding the document: a small scanner
 * over the raw bytes tracks strings, nesting and the keys on the way down, and hands each
 * element's text on as soon as it is complete. Memory holds one batch of elements, whatever the
 * size of the file. The bytes must be UTF-8 or Latin-1 (JSON's structural characters are ASCII,
 * and no byte of a multi-byte UTF-8 character is).
 */
export type ArrayScan =
  | { readonly kind: 'streamed'; readonly elements: number }
  /** There is no array at the path (missing, another type, or through an array): nothing was handed on. */
  | { readonly kind: 'no-array' };

interface Frame {
  readonly kind: 'object' | 'array';
  /** Inside an object: whether the next string is a key. */
  expectKey: boolean;
  /** The key whose value comes next (objects). */
  key: string | undefined;
  /** This container lies on the way to the records array. */
  readonly onPath: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export async function streamJsonArray(
  chunks: AsyncIterable<Buffer>,
  path: readonly string[],
  onElements: (texts: string[]) => Promise<void>,
  options: { readonly batchSize: number; readonly encoding: 'utf8' | 'latin1' },
): Promise<ArrayScan> {
  const stack: Frame[] = []; // the containers down to the records array
  let inString = false;
  let escaped = false;
  let key: Buffer[] | undefined; // the bytes of a key on the path being read
  let inArray = false; // inside the records array
  let nest = 0; // depth inside the current element
  let closed = false; // the records array has closed
  let rootSeen = false;
  let parts: Buffer[] = []; // bytes of the element (or key) read so far, across chunks
  const pending: string[] = []; // complete elements not handed on yet
  let elements = 0;

  const text = (chunk: Buffer, start: number, end: number) => {
    const last = chunk.subarray(start, end);
    const bytes = parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    return bytes.toString(options.encoding);
  };
  const element = (chunk: Buffer, start: number, end: number) => {
    const value = text(chunk, start, end).trim();
    if (value === '') return;
    pending.push(value);
    elements++;
  };

  /** Scans one chunk (synchronously: the hot loop stays optimisable); 'no-array' ends the scan. */
  const feed = (chunk: Buffer): 'no-array' | undefined => {
    let start = 0; // where the pending element or key begins in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (key) {
            key.push(chunk.subarray(start, i));
            const frame = stack[stack.length - 1]!;
            frame.key = JSON.parse(`"${Buffer.concat(key).toString(options.encoding)}"`) as string;
            frame.expectKey = false;
            key = undefined;
          }
        }
        continue;
      }
      if (inArray) {
        // The hot loop: only strings, nesting and the commas between elements matter here.
        if (c === QUOTE) inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) nest++;
        else if (nest > 0 && (c === CLOSE_OBJECT || c === CLOSE_ARRAY)) nest--;
        else if (nest === 0 && (c === COMMA || c === CLOSE_ARRAY)) {
          element(chunk, start, i);
          start = i + 1;
          if (c === CLOSE_ARRAY) {
            inArray = false;
            closed = true;
            stack.pop();
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (stack.length === 0 && rootSeen) throw new SyntaxError(`unexpected '${String.fromCharCode(c)}' after the end of the JSON document`);
      const top = stack[stack.length - 1];
      if (c === QUOTE) {
        inString = true;
        if (top?.kind === 'object' && top.expectKey && top.onPath) {
          key = [];
          start = i + 1;
        }
        continue;
      }
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const depth = stack.length;
        const onPath = !closed && (depth === 0 || (top!.onPath && top!.kind === 'object' && depth <= path.length && top!.key === path[depth - 1]));
        rootSeen = true;
        stack.push({ kind: c === OPEN_OBJECT ? 'object' : 'array', expectKey: c === OPEN_OBJECT, key: undefined, onPath });
        if (onPath && depth === path.length) {
          if (c !== OPEN_ARRAY) return 'no-array';
          inArray = true;
          nest = 0;
          start = i + 1;
        }
        continue;
      }
      if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        stack.pop();
        if (stack.length === 0 && !closed) return 'no-array'; // the document ended without the array
        continue;
      }
      if (c === COMMA) {
        if (top?.kind === 'object') {
          top.expectKey = true;
          top.key = undefined;
        }
        continue;
      }
      if (stack.length === 0) return 'no-array'; // a scalar document
      // A scalar where the path needs a container: no array there.
      if (!closed && top?.onPath && top.kind === 'object' && !top.expectKey && c !== COLON && top.key === path[stack.length - 1]) {
        return 'no-array';
      }
    }
    if (key) key.push(chunk.subarray(start));
    else if (inArray) parts.push(chunk.subarray(start));
    return undefined;
  };

  for await (const chunk of chunks) {
    if (feed(chunk) === 'no-array') return { kind: 'no-array' };
    while (pending.length >= options.batchSize) await onElements(pending.splice(0, options.batchSize));
  }
  if (!rootSeen) return { kind: 'no-array' };
  if (!closed || stack.length > 0) throw new SyntaxError(inArray ? 'the file ends before the records array closes' : 'the file ends before the JSON document closes');
  if (pending.length > 0) await onElements(pending);
  return { kind: 'streamed', elements };
}
