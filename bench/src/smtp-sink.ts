import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A local SMTP server that takes every message and counts it, as the fan-out benches' mail server. */
export type SmtpSink = { port: number; received(): number; close(): Promise<void> };

const SINK_SOURCE = `
import { SMTPServer } from 'smtp-server';
let received = 0;
let reported = 0;
const sink = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('end', () => { received++; callback(); });
    stream.resume();
  },
});
sink.listen(0, '127.0.0.1', () => process.send({ port: sink.server.address().port }));
setInterval(() => { if (received !== reported) { reported = received; process.send({ received }); } }, 5);
process.on('disconnect', () => process.exit(0));
`;

/**
 * By default the sink runs in a process of its own, as a mail server does; `inline` runs it in
 * this process, sharing its thread (how the first fan-out figures were taken).
 */
export async function startSmtpSink(options: { inline: boolean }): Promise<SmtpSink> {
  let received = 0;
  if (options.inline) {
    const sink = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        stream.on('end', () => {
          received++;
          callback();
        });
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    return {
      port: (sink.server.address() as AddressInfo).port,
      received: () => received,
      close: () => new Promise<void>((resolve) => sink.close(() => resolve())),
    };
  }
  const child = spawn(process.execPath, ['--input-type=module', '-e', SINK_SOURCE], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: { port?: number; received?: number }) => {
      if (message.port !== undefined) resolve(message.port);
      if (message.received !== undefined) received = message.received;
    });
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited (${code})`)));
  });
  return {
    port,
    received: () => received,
    close: async () => {
      child.disconnect();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
