import Fastify from 'fastify';

/**
 * The ceiling: Fastify 5's own hello-world benchmark (no plugins, no logger, a serialised response
 * schema). No Node HTTP server does less per request, so every scenario is read against it.
 */
const app = Fastify({ logger: false });

app.get(
  '/',
  {
    schema: {
      response: { 200: { type: 'object', properties: { hello: { type: 'string' } } } },
    },
  },
  async () => ({ hello: 'world' }),
);

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
