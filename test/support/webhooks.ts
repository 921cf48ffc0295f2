import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  /** The raw body, exactly as signed. */
  body: string;
  headers: IncomingHttpHeaders;
  /** `webhook-id`: the event's token. */
  id: string;
  json: Record<string, unknown>;
  at: number;
}

/** How the receiver answers a delivery: a status code and a body. */
export type Answer = (
  delivery: Delivery,
  index: number,
) => { status: number; body?: string } | Promise<{ status: number; body?: string }>;

/** A webhook receiver on 127.0.0.1 that records every request; it can go down and come back on its port. */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  answer: Answer = () => ({ status: 200, body: 'ok' });
  private server?: Server;

  private constructor(private port: number) {}

  static async start(answer?: Answer): Promise<Receiver> {
    const receiver = new Receiver(0);
    if (answer) receiver.answer = answer;
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/webhooks`;
  }

  /** Deliveries of one event type, in arrival order. */
  ofType(eventType: string): Delivery[] {
    return this.deliveries.filter((d) => d.json.event_type === eventType);
  }

  async listen(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery: Delivery = {
          body,
          headers: request.headers,
          id: String(request.headers['webhook-id']),
          json: parseObject(body),
          at: Date.now(),
        };
        this.deliveries.push(delivery);
        void Promise.resolve(this.answer(delivery, this.deliveries.length - 1)).then((answer) => {
          if (!response.destroyed)
            response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Down: connections are refused until listen() again (on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function parseObject(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
