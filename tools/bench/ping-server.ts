import Fastify from 'fastify';

/**
 * The ceiling for bench-api: a bare Fastify app answering GET /ping with {"ok":true}. It runs in
 * its own process (PORT from the environment, loopback only) so that it and autocannon are
 * scheduled like the real server and autocannon are.
 */
const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('ping-server: PORT must be set to a port number');
  process.exit(64);
}

const app = Fastify({ logger: false });
app.get('/ping', async () => ({ ok: true }));

const stop = () => {
  void app.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

app.listen({ host: '127.0.0.1', port }).then(
  (address) => console.error(`ping-server listening at ${address}`),
  (error: unknown) => {
    console.error('ping-server failed to start:', error);
    process.exit(1);
  },
);
