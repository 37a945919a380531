import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { c as tarCreate } from 'tar';
import { makeProject } from '../helpers/project.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A dbt package on disk: dbt_project.yml plus files. */
export function makePackage(name: string, files: Record<string, string> = {}): string {
  return makeProject({ 'dbt_project.yml': `name: '${name}'\nversion: '1.0.0'\nconfig-version: 2\n`, ...files });
}

/** A .tar.gz of `dir` under one top folder, as GitHub's archives (and dbt Hub's downloads) are. */
export async function tarballOf(dir: string, top = 'org-pkg-0123abc'): Promise<Buffer> {
  const out = join(tempDir('weir-tar-'), 'p.tar.gz');
  const staging = tempDir('weir-tar-src-');
  execFileSync('cp', ['-r', dir, join(staging, top)]);
  await tarCreate({ gzip: true, file: out, cwd: staging }, [top]);
  return readFileSync(out);
}

/** An HTTP server on 127.0.0.1 answering from a path -> body map (404 elsewhere); it records requests. */
export async function serve(routes: Map<string, Buffer | string>): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = routes.get(req.url ?? '');
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) };
}

/** A git repository holding `files`, committed and tagged; returns its folder and the commit. */
export function gitRepo(files: Record<string, string>, tag: string): { dir: string; commit: string } {
  const dir = makeProject(files);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '--quiet', '-b', 'main');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'first');
  git('tag', tag);
  return { dir, commit: git('rev-parse', 'HEAD') };
}
