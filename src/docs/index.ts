/** The docs layer: the lineage site, built from artifacts (manifest, catalog, run results) only. */
export { buildDocsData, type Artifacts } from './site-data.js';
export { readArtifacts, writeDocsSite, type SiteOutcome } from './write-site.js';
export { serveDocs } from './serve.js';
export type { DocsColumn, DocsData, DocsNode, DocsResult } from './types.js';
