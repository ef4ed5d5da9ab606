import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep } from '../../bench/bench-support.js';
import { REPO } from './deploy-support.js';

/** The host name the test's certificate is made out to (resolved to 127.0.0.1 by the client). */
export const TEST_HOST = 'vijfvragen.test';
const SITE = 'deploy/nginx/vijfvragen.conf';

export interface NginxProxy {
  /** https://vijfvragen.test:<port>: the PUBLIC_URL the bot should announce. */
  readonly publicUrl: string;
  readonly httpsPort: number;
  readonly httpPort: number;
  /** One request through the proxy over TLS, checked against the test's own certificate. */
  request(path: string, options?: ProxyRequest): Promise<ProxyResponse>;
  /** The same over plain HTTP (port 80's server block). */
  plainRequest(path: string): Promise<ProxyResponse>;
  /** The site file as nginx runs it in this test. */
  readonly site: string;
  stop(): Promise<void>;
}

export interface ProxyRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Host header (and TLS server name) to send; the certificate's host by default. */
  host?: string;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Self-signed certificate for TEST_HOST, made with openssl, valid for a day. */
function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${TEST_HOST}`, '-addext', `subjectAltName=DNS:${TEST_HOST}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/** Each change must hit the shipped file, or the test would silently run some other config. */
function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const matches = typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
  if (matches === 0) throw new Error(`nginx site: ${String(from)} not found in ${SITE}; the test needs updating with it`);
  return typeof from === 'string' ? text.split(from).join(to) : text.replace(new RegExp(from.source, `${from.flags.replace('g', '')}g`), to);
}

/**
 * Debian's nginx running deploy/nginx/vijfvragen.conf as shipped, with only what differs on a
 * test machine changed: unprivileged ports on 127.0.0.1, the test's certificate and host name,
 * and the upstream's addresses (one bot, or the cluster's replicas).
 */
export async function startNginx(upstreams: readonly string[]): Promise<NginxProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'vv-nginx-'));
  // Workers run as nobody when the master is root: they need to reach the temp folders.
  chmodSync(dir, 0o755);
  for (const sub of ['body', 'proxy', 'logs']) mkdirSync(join(dir, sub), { mode: 0o777 });
  const { cert, key } = makeCertificate(dir);
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  let site = readFileSync(join(REPO, SITE), 'utf8');
  site = replaceOnce(site, /^\s*server 127\.0\.0\.1:3978 (.*);$/m, upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=5s;`).join('\n'));
  site = replaceOnce(site, /^\s*listen \[::\]:\d+.*;$/m, '');
  site = replaceOnce(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  site = replaceOnce(site, 'listen 443 ssl', `listen 127.0.0.1:${httpsPort} ssl`);
  site = replaceOnce(site, /\/etc\/letsencrypt\/live\/vijfvragen\.example\.nl\/fullchain\.pem/, cert);
  site = replaceOnce(site, /\/etc\/letsencrypt\/live\/vijfvragen\.example\.nl\/privkey\.pem/, key);
  site = replaceOnce(site, 'server_name vijfvragen.example.nl;', `server_name ${TEST_HOST};`);
  writeFileSync(join(dir, 'site.conf'), site);
  const asRoot = process.getuid?.() === 0;
  writeFileSync(join(dir, 'nginx.conf'), [
    'daemon off;',
    asRoot ? 'user nobody nogroup;' : '',
    'worker_processes 1;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs', 'error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    `  access_log ${join(dir, 'logs', 'access.log')};`,
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  fastcgi_temp_path ${join(dir, 'proxy')}; uwsgi_temp_path ${join(dir, 'proxy')}; scgi_temp_path ${join(dir, 'proxy')};`,
    `  include ${join(dir, 'site.conf')};`,
    '}',
  ].join('\n'));
  execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ca = readFileSync(cert);
  const agent = new Agent({ keepAlive: true, ca, maxSockets: 64 });
  const request = (path: string, options: ProxyRequest = {}) => new Promise<ProxyResponse>((resolve, reject) => {
    const host = options.host ?? TEST_HOST;
    const req = httpsRequest({
      host: '127.0.0.1', port: httpsPort, servername: host, path, method: options.method ?? 'GET', agent,
      headers: { host: `${host}:${httpsPort}`, ...(options.headers ?? {}), ...(options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) }) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
  const plainRequest = (path: string) => new Promise<ProxyResponse>((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: httpPort, path, headers: { host: TEST_HOST } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '' }));
    }).on('error', reject).end();
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${output}`);
    if (await plainRequest('/').then(() => true, () => false)) break;
    if (Date.now() > deadline) throw new Error(`nginx did not start:\n${output}`);
    await sleep(100);
  }
  return {
    publicUrl: `https://${TEST_HOST}:${httpsPort}`,
    httpsPort,
    httpPort,
    request,
    plainRequest,
    site,
    async stop() {
      agent.destroy();
      if (child.exitCode === null) child.kill('SIGQUIT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
