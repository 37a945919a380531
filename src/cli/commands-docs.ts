import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { commonOptions, type CliContext } from './cli-context.js';

/** `weir docs generate` and `weir docs serve`. */
export function registerDocsCommands(program: Command, context: CliContext): void {
  const docs = program.command('docs').description('generate and serve the lineage docs site (target/docs)');
  docs.command('generate')
    .description('compile, read column types from the warehouse into target/catalog.json, and build target/docs')
    .option('--empty-catalog', 'do not connect to the warehouse: write an empty catalog')
    .addOption(new Option('--threads <n>', 'connections to read the catalog with').argParser(Number))
    .action((_opts, command: Command) => generateCommand(command, context));
  docs.command('serve')
    .description('serve target/docs over HTTP')
    .addOption(new Option('--port <n>', 'port to listen on (0 picks a free one)').default(8080).argParser(parsePort))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .action((_opts, command: Command) => serveCommand(command, context));
}

async function generateCommand(command: Command, context: CliContext) {
  const flags = command.opts() as { emptyCatalog?: boolean; threads?: number };
  const common = commonOptions(command, context);
  const logger = context.output().logger;
  const started = performance.now();
  const [{ openProject }, { writeArtifactsWithManifest }] = await Promise.all([import('../workflow/open-project.js'), import('../workflow/write-artifacts.js')]);
  const opened = openProject(common);
  const manifest = await writeArtifactsWithManifest(opened);
  const seconds = () => ((performance.now() - started) / 1000).toFixed(2);
  logger.log({ level: 'info', code: 'compiled', message: `Compiled ${opened.compiled.nodes.size} nodes (${seconds()}s)` });
  // Loaded on use, so other commands start without them.
  const [{ generateCatalog }, { writeDocsSite }] = await Promise.all([import('../workflow/generate-catalog.js'), import('../docs/index.js')]);
  const catalog = await generateCatalog(opened, { empty: flags.emptyCatalog ?? false, threads: flags.threads });
  logger.log({
    level: 'info', code: 'catalog_written',
    message: flags.emptyCatalog
      ? `Wrote an empty catalog to ${catalog.path}`
      : `Catalog: ${catalog.found} relation${catalog.found === 1 ? '' : 's'} read from the warehouse${catalog.missing ? `, ${catalog.missing} not built yet` : ''} (${seconds()}s)`,
    data: { found: catalog.found, missing: catalog.missing },
  });
  // Traced after the catalog is written, so a `select *` over a source expands to its warehouse columns.
  const { generateLineage } = await import('../workflow/lineage.js');
  const { lineage } = await generateLineage(opened);
  logger.log({ level: 'info', code: 'lineage_written', message: `Column lineage: ${lineage.coverage.resolved} of ${lineage.coverage.columns} columns traced (${seconds()}s)`, data: { ...lineage.coverage } });
  // The site is made from the artifacts; those just written are passed on rather than parsed again.
  const site = await writeDocsSite(opened.project.targetDir, { manifest, catalog: catalog.catalog, lineage: lineage as unknown as Record<string, unknown> });
  logger.log({
    level: 'info', code: 'docs_written',
    message: `Docs for ${site.nodes} nodes in ${relative(process.cwd(), site.dir) || site.dir} (${seconds()}s): open ${site.index} or run weir docs serve`,
    data: { nodes: site.nodes, index: site.index, seconds: Number(seconds()) },
  });
}

async function serveCommand(command: Command, context: CliContext) {
  const flags = command.opts() as { port: number; host: string };
  const common = commonOptions(command, context);
  const { loadAnyProject } = await import('../dbt-project/load-any-project.js');
  const { projectLoadOptions } = await import('../workflow/open-project.js');
  const dir = join(loadAnyProject(common.projectDir, projectLoadOptions(common)).targetDir, 'docs');
  if (!existsSync(join(dir, 'index.html'))) {
    throw new UsageError(`No docs site in ${dir}`, { hint: 'run `weir docs generate` first' });
  }
  const { serveDocs } = await import('../docs/index.js');
  let server;
  try {
    server = await serveDocs(dir, { port: flags.port, host: flags.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`Cannot listen on ${flags.host}:${flags.port}: ${code ?? (error as Error).message}`,
      { hint: code === 'EADDRINUSE' ? 'pick another --port' : 'check --host and --port', cause: error });
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : flags.port;
  const url = `http://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}:${port}/`;
  context.output().logger.log({ level: 'info', code: 'docs_serving', message: `Serving ${dir} at ${url} (Ctrl-C to stop)`, data: { url, port } });
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${value}'`);
  return n;
}
