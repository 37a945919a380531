import { open } from 'node:fs/promises';

const HEAD = '{"metadata":';
const AFTER = ',"nodes":';

/**
 * Rewrites only the `metadata` of target/manifest.json (a new invocation id and time) when the rest
 * is known to be current: the file must carry the partial-parse `generation` whose compile produced
 * exactly this compile's output. The new metadata is as long as the old (ids and ISO times have a
 * fixed length), so it is written in place over the first bytes; anything else returns false and
 * writes nothing.
 */
export async function rewriteManifestMetadata(path: string, generation: string, metadata: Record<string, unknown>): Promise<boolean> {
  if (!generation) return false;
  let handle;
  try {
    handle = await open(path, 'r+');
  } catch {
    return false;
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    const end = head.indexOf(AFTER);
    if (end < 0 || !head.subarray(0, HEAD.length).equals(Buffer.from(HEAD))) return false;
    let old: Record<string, unknown>;
    try {
      old = JSON.parse(head.subarray(HEAD.length, end).toString('utf8')) as Record<string, unknown>;
    } catch {
      return false;
    }
    if (old.weir_partial_parse !== generation) return false;
    const fresh = Buffer.from(`${HEAD}${JSON.stringify(metadata)}`);
    if (fresh.length !== end) return false;
    await handle.write(fresh, 0, fresh.length, 0);
    return true;
  } finally {
    await handle.close();
  }
}
