import type { Command } from 'commander';

/** Flags of `weir ingest` (and `weir build`, which ingests too). */
export function addIngestOptions(command: Command): Command {
  return command
    .option('--from-lake', 'replay the newest landed responses and files under target/lake instead of the network')
    .option('--record <dir>', 'save the responses of this live run under <dir>/<source>/<table> (point `recording:` at it to replay)')
    .option('--live', 'call the APIs even where an ingest block has a `recording:` (combine with --record to refresh the recording)');
}
