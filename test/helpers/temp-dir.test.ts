import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { makeProject } from './project.js';
import { removeTempDirs } from './temp-dir.js';

it("removes the folders the helpers made (temp-dir-cleanup.ts does so after each file)", () => {
  const dir = makeProject({ 'models/a.sql': 'select 1' });
  expect(existsSync(dir)).toBe(true);
  removeTempDirs();
  expect(existsSync(dir)).toBe(false);
});
