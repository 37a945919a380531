import { workerData } from 'node:worker_threads';
import { writeCompiledSqlSync } from './write-sql.js';

// Worker entry: writes the [path, sql] pairs it was given (see writeCompiledSql).
writeCompiledSqlSync(workerData as Array<[string, string]>);
