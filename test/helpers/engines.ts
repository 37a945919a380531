import { createDuckDbAdapter } from '../../src/adapters/duckdb/adapter.js';
import { createPostgresAdapter } from '../../src/adapters/postgres/adapter.js';
import type { Adapter } from '../../src/adapters/types.js';
import { dropSchemas, freshSchema, PG_URL } from './postgres.js';
import { createTrinoAdapter } from '../../src/adapters/trino/adapter.js';
import { dropTrinoSchemas, trinoTarget } from './trino.js';

/**
 * One engine as the conformance suite sees it: the target block for project.yml, a way to open
 * weir's own adapter on the project's database, and clean-up. Adding an engine means adding one here.
 */
export interface TestEngine {
  readonly name: 'duckdb' | 'postgres' | 'trino';
  /** A fresh place to build into; `cleanup` removes it. */
  prepare(): Promise<EngineTarget>;
}

export interface EngineTarget {
  readonly schema: string;
  /** `targets:` YAML for project.yml (a target named `dev`). */
  readonly targetsYaml: string;
  open(projectDir: string): Promise<Adapter>;
  cleanup(): Promise<void>;
}

export const DUCKDB: TestEngine = {
  name: 'duckdb',
  async prepare() {
    return {
      schema: 'main',
      targetsYaml: 'targets:\n  dev:\n    type: duckdb\n    path: target/dev.duckdb\n',
      open: (dir) => createDuckDbAdapter({ type: 'duckdb', path: 'target/dev.duckdb' }, { projectRoot: dir, threads: 1 }),
      cleanup: async () => undefined,
    };
  },
};

export const POSTGRES: TestEngine = {
  name: 'postgres',
  async prepare() {
    const schema = freshSchema();
    return {
      schema,
      targetsYaml: `targets:\n  dev:\n    type: postgres\n    url: "{{ env_var('WEIR_PG_URL') }}"\n    schema: ${schema}\n`,
      open: (dir) => createPostgresAdapter({ type: 'postgres', url: PG_URL, schema }, { projectRoot: dir, threads: 1 }),
      cleanup: () => dropSchemas(schema),
    };
  },
};

export const TRINO: TestEngine = {
  name: 'trino',
  async prepare() {
    const schema = freshSchema();
    const target = trinoTarget(schema);
    return {
      schema,
      targetsYaml: `targets:\n  dev:\n    type: trino\n    host: ${target.host}\n    port: ${target.port}\n    catalog: ${target.catalog}\n    schema: ${schema}\n`,
      open: (dir) => createTrinoAdapter(target, { projectRoot: dir, threads: 1 }),
      cleanup: () => dropTrinoSchemas(schema),
    };
  },
};

/** Runs a query through weir's adapter and closes it. */
export async function queryEngine(target: EngineTarget, dir: string, sql: string) {
  const adapter = await target.open(dir);
  try {
    return (await adapter.withSession((s) => s.query(sql))).rows;
  } finally {
    await adapter.close();
  }
}
