import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Where one replica runs: its own network namespace joined to this process's by a veth pair
 * (`hostAddress` here, `address` inside), or plain loopback when namespaces are not available.
 */
export interface ReplicaNetwork {
  /** The replica listens here, and nginx and the test reach it here. */
  address: string;
  /** This side of the link: what the replica sees its peers (PostgreSQL, Slack, nginx) as. */
  hostAddress: string;
  /** The command prefix that starts a process inside the namespace ([] on loopback). */
  prefix: string[];
  /** Makes `host:port` of this machine reachable from inside at `hostAddress:<returned port>`. */
  reach(host: string, port: number): Promise<number>;
}

export interface ReplicaNetworks {
  kind: 'netns' | 'loopback';
  /** Why the replicas run on loopback; undefined when they have namespaces. */
  reason: string | undefined;
  replicas: ReplicaNetwork[];
  remove(): Promise<void>;
}

const LOOPBACK: ReplicaNetwork = {
  address: '127.0.0.1',
  hostAddress: '127.0.0.1',
  prefix: [],
  reach: async (_host, port) => port,
};

/**
 * One network namespace per replica (`ip netns`, a veth pair, a /30 link network each), so the
 * replicas reach PostgreSQL, the fake Slack API and each other's proxy over a network rather
 * than loopback. Needs root (CAP_NET_ADMIN) and iproute2; CLUSTER_NETNS=off, or anything
 * missing, falls back to loopback with the reason. Services this machine offers only on
 * 127.0.0.1 (the shared PostgreSQL, the fake Slack) are relayed from the link address by a TCP
 * relay in this process, so a replica's packets cross its veth link and the relay's socket.
 */
export async function replicaNetworks(count: number): Promise<ReplicaNetworks> {
  const loopback = (reason: string): ReplicaNetworks => ({
    kind: 'loopback',
    reason,
    replicas: Array.from({ length: count }, () => LOOPBACK),
    remove: async () => undefined,
  });
  if (process.env.CLUSTER_NETNS === 'off') return loopback('CLUSTER_NETNS=off');
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return loopback('not root on Linux');
  const tag = randomBytes(3).toString('hex');
  const subnet = 100 + ((randomBytes(1)[0] ?? 0) % 100);
  const namespaces: string[] = [];
  const relays: Server[] = [];
  const sockets = new Set<Socket>();
  const remove = async () => {
    for (const relay of relays) relay.close();
    for (const socket of sockets) socket.destroy();
    for (const ns of namespaces) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  };
  try {
    const replicas: ReplicaNetwork[] = [];
    for (let i = 0; i < count; i += 1) {
      const ns = `vvcl-${tag}-${i}`;
      const [outside, inside] = [`vc${tag}${i}h`, `vc${tag}${i}n`];
      const [hostAddress, address] = [`10.${subnet}.${i}.1`, `10.${subnet}.${i}.2`];
      await run('ip', ['netns', 'add', ns]);
      namespaces.push(ns);
      await run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
      await run('ip', ['link', 'set', inside, 'netns', ns]);
      await run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', outside]);
      await run('ip', ['link', 'set', outside, 'up']);
      const inNs = (...args: string[]) => run('ip', ['netns', 'exec', ns, 'ip', ...args]);
      await inNs('addr', 'add', `${address}/30`, 'dev', inside);
      await inNs('link', 'set', inside, 'up');
      await inNs('link', 'set', 'lo', 'up');
      replicas.push({
        address,
        hostAddress,
        prefix: ['ip', 'netns', 'exec', ns],
        async reach(host, port) {
          const relay = createServer((client) => {
            const upstream = createConnection({ host, port });
            for (const socket of [client, upstream]) {
              sockets.add(socket);
              socket.on('close', () => sockets.delete(socket));
              socket.on('error', () => undefined);
            }
            client.pipe(upstream).pipe(client);
            client.on('close', () => upstream.destroy());
            upstream.on('close', () => client.destroy());
          });
          relays.push(relay);
          await new Promise<void>((resolve, reject) => {
            relay.once('error', reject);
            relay.listen(0, hostAddress, () => resolve());
          });
          const bound = relay.address();
          return typeof bound === 'object' && bound ? bound.port : 0;
        },
      });
    }
    return { kind: 'netns', reason: undefined, replicas, remove };
  } catch (error) {
    await remove();
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return loopback(`ip netns failed: ${message}`);
  }
}
