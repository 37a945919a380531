import type { Adapter } from '../adapters/types.js';
import type { Relation } from '../compile/types.js';
import type { Logger } from '../core/logger.js';
import { UsageError } from '../core/errors.js';
import type { OpenedProject } from './open-project.js';

/**
 * `--defer`: a node the run reads from but does not build (an unselected parent, or one reached
 * through ephemeral models) is read from the relation the `--state` manifest recorded, when the
 * target does not have it (or always, with `--favor-state`). This is how a pull-request build in an
 * empty schema builds only what changed and reads the rest from production.
 */
export async function resolveDeferrals(
  opened: OpenedProject,
  selected: ReadonlySet<string>,
  adapter: Adapter,
  options: { readonly favorState: boolean; readonly logger: Logger },
): Promise<Map<string, Relation>> {
  const state = opened.previousState;
  if (!state) throw new UsageError('--defer needs --state <dir>: the artifacts of the run to read unbuilt nodes from');
  const { nodes } = opened.compiled;
  const candidates = new Set<string>();
  const queue = [...selected];
  const seen = new Set(queue);
  while (queue.length > 0) {
    for (const parent of nodes.get(queue.pop()!)?.dependsOn.nodes ?? []) {
      if (seen.has(parent) || selected.has(parent)) continue;
      seen.add(parent);
      const node = nodes.get(parent);
      if (!node || (node.resourceType !== 'model' && node.resourceType !== 'seed')) continue;
      if (node.config.materialized === 'ephemeral') queue.push(parent);
      else candidates.add(parent);
    }
  }
  const deferred = new Map<string, Relation>();
  await adapter.withSession(async (session) => {
    for (const id of candidates) {
      const then = state.relations.get(id);
      const now = nodes.get(id)!.relation!;
      if (!then || (then.schema === now.schema && then.identifier === now.identifier)) continue;
      if (!options.favorState && (await adapter.relationKind(session, now))) continue;
      deferred.set(id, then);
    }
  });
  for (const [id, relation] of deferred) {
    options.logger.log({
      level: 'info', code: 'deferred',
      message: `Deferring ${nodes.get(id)!.name} to ${opened.dialect.relation(relation)} (from ${state.manifestPath})`,
      data: { uniqueId: id, relation },
    });
  }
  return deferred;
}
