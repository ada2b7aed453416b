import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { log, stopChild } from './common';

/**
 * A Mosquitto of the benchmark's own: its own port, its own password and ACL files, no
 * persistence. The system broker on 1883 is left alone; this one can be restarted under load.
 */

export interface OwnBroker {
  port: number;
  readonly pid: number | undefined;
  /** Broker settings as written, for the JSON document. */
  config: Record<string, unknown>;
  /**
   * Times Mosquitto said it started dropping QoS 1 messages for a client whose queue was full
   * (once per episode, not per message), by client id.
   */
  dropNotices: Record<string, number>;
  /** SIGTERM, then the same configuration again on the same port; resolves once it accepts connections. */
  restart(): Promise<{ downSeconds: number }>;
  stop(): Promise<void>;
}

const BINARY_CANDIDATES = ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'];

function brokerBinary(): string {
  return BINARY_CANDIDATES.find((path) => existsSync(path)) ?? 'mosquitto';
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(500, () => done(false));
  });
}

async function waitListening(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`mosquitto exited (${child.exitCode ?? child.signalCode}) before it listened`);
    }
    if (await acceptsConnections(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port} within ${timeoutMs / 1000} s`);
}

export async function startOwnBroker(opts: {
  dir: string;
  port: number;
  passwordFile: string;
  aclFile: string;
  /** Mosquitto's default (1000) when undefined. */
  maxQueued?: number;
}): Promise<OwnBroker> {
  const settings = {
    listener: `${opts.port} 127.0.0.1`,
    allow_anonymous: 'false',
    password_file: opts.passwordFile,
    acl_file: opts.aclFile,
    // As a production broker should run: a restart keeps the sessions and their queued messages
    // (written to disk on a clean shutdown), so readings acknowledged to devices survive it.
    persistence: 'true',
    persistence_location: `${opts.dir}/`,
    // Started as root, Mosquitto would switch to the `mosquitto` user, which cannot read the
    // files in our private temporary directory; as any other user the option does nothing.
    user: userInfo().username,
    // Hundreds of simulated detectors connecting would otherwise flood stderr.
    connection_messages: 'false',
    ...(opts.maxQueued !== undefined ? { max_queued_messages: String(opts.maxQueued) } : {}),
  };
  const configFile = join(opts.dir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [
      '# Written by tools/bench/bench-ingest.ts for one run; removed at its end.',
      ...Object.entries(settings).map(([k, v]) => `${k} ${v}`),
      'log_dest stderr',
      'log_type error',
      'log_type warning',
      // Notices include "Outgoing messages are being dropped for client …", counted below.
      'log_type notice',
      '',
    ].join('\n'),
  );
  const binary = brokerBinary();
  const dropNotices: Record<string, number> = {};

  const launch = async (): Promise<ChildProcess> => {
    const child = spawn(binary, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Its output is diagnostics only: stdout of this process carries the JSON document.
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        const dropped = /Outgoing messages are being dropped for client (\S+?)\.?$/.exec(line);
        if (dropped) dropNotices[dropped[1]!] = (dropNotices[dropped[1]!] ?? 0) + 1;
        log(`mosquitto: ${line}`);
      }
    };
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', () => resolve());
      child.once('error', reject);
    });
    await waitListening(child, opts.port, 10_000);
    return child;
  };

  let child = await launch();
  return {
    port: opts.port,
    get pid() {
      return child.pid;
    },
    config: {
      binary,
      ...settings,
      defaultsKept:
        opts.maxQueued === undefined
          ? 'max_inflight_messages 20, max_queued_messages 1000'
          : 'max_inflight_messages 20',
    },
    dropNotices,
    async restart() {
      const started = performance.now();
      await stopChild(child, 5000);
      child = await launch();
      return { downSeconds: Math.round(performance.now() - started) / 1000 };
    },
    stop: () => stopChild(child, 5000),
  };
}
