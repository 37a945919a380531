import { workerData, type MessagePort } from 'node:worker_threads';
import { serveTemplates } from '../compile/template-worker.js';
import { silentLogger } from '../core/logger.js';
import { compileOptionsFor, type CompileOptionInputs } from './compile-options.js';

// Worker entry (see compile/parallel-templates.ts and compile-pool.ts): parses and renders a share of a
// cold compile's templates. Its modules load while the main thread loads the project.
const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };
// Log events are collected per render and replayed by the main thread; nothing is logged here.
serveTemplates(port, signal, (project, payload) => compileOptionsFor(project, payload as CompileOptionInputs, silentLogger));
