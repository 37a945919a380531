import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves a folder (target/docs) read-only over HTTP: GET and HEAD, regular files only, never
 * outside the folder (symbolic links included), and only to requests addressed to this machine
 * by name (see allowedHost). Resolves once listening; `server.address()` has the port (0 picks a
 * free one).
 */
export async function serveDocs(dir: string, options: { port: number; host: string }): Promise<Server> {
  const root = normalize(dir);
  const realRoot = await realpath(root);
  const allowed = allowedHosts(options.host);
  const server = createServer((request, response) => {
    void (async () => {
      if (!allowed.has(hostnameOf(request.headers.host))) {
        response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`forbidden: this server answers only to ${[...allowed].join(', ')} (the Host header was ${request.headers.host ?? 'missing'})`);
        return;
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      let path: string;
      try {
        path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      } catch {
        response.writeHead(400).end('bad request');
        return;
      }
      const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
      if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
        response.writeHead(403).end('forbidden');
        return;
      }
      // A link may point anywhere: what is served is where it leads, and that must be inside too.
      const real = await realpath(file).catch(() => undefined);
      const info = real !== undefined && real.startsWith(realRoot + sep) ? await stat(real).catch(() => undefined) : undefined;
      if (!info?.isFile()) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
        return;
      }
      response.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        'cache-control': 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(real!).pipe(response);
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/**
 * The names a browser may use for this server. A page on another site can make its own name
 * resolve to 127.0.0.1 (DNS rebinding) and then read the docs; its requests carry its name in the
 * Host header, so only loopback names are answered, plus the address given with --host when it is
 * a specific one (then a person on the network types that address).
 */
function allowedHosts(listenHost: string): Set<string> {
  const hosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (listenHost !== '0.0.0.0' && listenHost !== '::') hosts.add(listenHost.includes(':') ? `[${listenHost}]` : listenHost.toLowerCase());
  return hosts;
}

/** `Host: name:port` -> `name` (IPv6 keeps its brackets); undefined and unparsable give ''. */
function hostnameOf(header: string | undefined): string {
  if (!header) return '';
  try {
    return new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return '';
  }
}
