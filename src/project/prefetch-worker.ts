import { readdirSync, readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import { sha256 } from './source-reader.js';
import type { PrefetchMessage } from './prefetch.js';

// Worker entry (see prefetch.ts): lists the folders, posts the paths, then reads them in chunks, in
// the order a project load asks for them (folder by folder, sorted, as discoverFiles gives them).
const { root, folders, extensions, port, signal } = workerData as {
  root: string; folders: string[]; extensions: string[]; port: MessagePort; signal: Int32Array;
};
const CHUNK = 250;

const post = (message: PrefetchMessage) => {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

try {
  const paths: string[] = [];
  for (const folder of folders) {
    const inFolder: string[] = [];
    const parents = new Map<string, string>();
    let entries;
    try {
      entries = readdirSync(`${root}/${folder}`, { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!entry.isFile() || !extensions.some((ext) => entry.name.toLowerCase().endsWith(ext))) continue;
      let parent = parents.get(entry.parentPath);
      if (parent === undefined) parents.set(entry.parentPath, (parent = relative(root, entry.parentPath)));
      if (entry.name.startsWith('.') || parent.split('/').some((part) => part.startsWith('.'))) continue;
      inFolder.push(`${root}/${parent}/${entry.name}`);
    }
    paths.push(...inFolder.sort());
  }
  post({ paths });
  for (let start = 0; start < paths.length; start += CHUNK) {
    const files = paths.slice(start, start + CHUNK).map((path): readonly [string, number, number, string | null, string] => {
      try {
        // Stat, then read, as the reader does: what the file held when stat'ed is what counts.
        const { size, mtimeMs } = statSync(path);
        const text = readFileSync(path, 'utf8');
        return [path, size, mtimeMs, text, sha256(text)];
      } catch {
        return [path, 0, 0, null, ''];
      }
    });
    post({ files });
  }
} finally {
  Atomics.store(signal, 1, 1);
  Atomics.notify(signal, 0);
}
