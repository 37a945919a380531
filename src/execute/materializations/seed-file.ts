import { closeSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { WeirError } from '../../core/errors.js';

/** Enough for any header line people write. */
const HEAD_BYTES = 64 * 1024;

const BOMS: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['UTF-32LE', [0xff, 0xfe, 0x00, 0x00]],
  ['UTF-32BE', [0x00, 0x00, 0xfe, 0xff]],
  ['UTF-16LE', [0xff, 0xfe]],
  ['UTF-16BE', [0xfe, 0xff]],
];

/**
 * What both engines' readers would get wrong or word differently, checked on the file's head before
 * loading: an encoding other than UTF-8 (PostgreSQL said only `invalid message format`), an empty file
 * (DuckDB made a `column0` table) and a header with a blank or repeated column name.
 */
export function checkSeedFile(absolutePath: string, path: string, delimiter: string): void {
  const head = readHead(absolutePath);
  const bom = BOMS.find(([, bytes]) => bytes.every((b, i) => head[i] === b));
  const nul = head.indexOf(0);
  if (bom || nul !== -1) {
    const what = bom ? `is ${bom[0]} encoded (it starts with a ${bom[0]} byte-order mark)` : `contains NUL bytes (at byte ${nul}): UTF-16 text without a byte-order mark, or not text`;
    throw new WeirError(`${path} ${what}; seeds are read as UTF-8`, {
      hint: `save the file as UTF-8 (Excel: "CSV UTF-8"; or iconv -f ${bom?.[0] ?? 'UTF-16'} -t UTF-8 ${path} > utf8.csv, then replace it)`,
    });
  }
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') {
    throw new WeirError(`${path} is empty: a seed needs a header row naming its columns`, { hint: 'write the column names on the first line (id,name,...), then one line per row; or delete the file' });
  }
  const firstLine = text.slice(0, (text.indexOf('\n') + 1 || text.length + 1) - 1);
  let header: string[];
  try {
    header = (parse(firstLine, { delimiter, relax_quotes: true, trim: true }) as string[][])[0] ?? [];
  } catch {
    return; // a quoted header that spans lines: the engine's reader decides
  }
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') {
      throw new WeirError(`${path}, line 1: column ${i + 1} of the header has no name`, { hint: 'name every column in the first line of the seed' });
    }
    const before = seen.get(name.toLowerCase());
    if (before !== undefined) {
      throw new WeirError(`${path}, line 1: column '${name}' appears twice in the header (columns ${before + 1} and ${i + 1})`, {
        hint: 'rename one of them: each column of a seed needs its own name (names differing only in case count as the same)',
      });
    }
    seen.set(name.toLowerCase(), i);
  });
}

function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    return buffer.subarray(0, readSync(fd, buffer, 0, HEAD_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}
