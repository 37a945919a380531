import { afterAll, beforeEach } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

// A setup file (vitest.config.ts): every test file removes its temporary folders when it ends, at
// the end of the file rather than of each test, as a folder made in one test or hook may serve the next.
let failed = false;
beforeEach(({ onTestFailed }) => onTestFailed(() => void (failed = true)));
afterAll(() => {
  if (process.env.WEIR_KEEP_TEMP || failed) return;
  removeTempDirs();
});
