import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './process.js';

/** A real SMTP server on loopback that keeps what it receives. */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  /** Recipients this server refuses (550) until they are taken out again. */
  readonly refused = new Set<string>();
  private server: SMTPServer | null = null;

  private constructor(readonly port: number) {}

  static async start(port?: number): Promise<SmtpSink> {
    const sink = new SmtpSink(port ?? (await freePort()));
    await sink.listen();
    return sink;
  }

  static async reserve(): Promise<SmtpSink> {
    return new SmtpSink(await freePort());
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (!this.refused.has(address.address)) return callback();
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      },
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.messages.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((mail) => mail.to && JSON.stringify(mail.to).includes(address));
  }

  /** Waits until `count` messages have arrived for the address (or fails after `timeoutMs`). */
  async waitFor(address: string, count = 1, timeoutMs = 20_000): Promise<ParsedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.to(address).length >= count) return this.to(address);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `${count} message(s) for ${address} did not arrive in ${timeoutMs} ms (got ${this.to(address).length})`,
    );
  }
}
