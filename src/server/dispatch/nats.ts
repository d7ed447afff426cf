import { connect, headers as natsHeaders, type ConnectionOptions, type JetStreamClient, type NatsConnection } from 'nats';
import { Webhook } from 'standardwebhooks';
import { writeCloudEvent } from '../../quote/write-cloudevents.js';
import type { EventRow, SubscriberRow } from '../store/types.js';
import { parseSecrets, signingSecrets } from './secrets.js';

/** How the service reaches NATS (`createQuoteService({ nats })`): the `nats` client's connection options. */
export type NatsOptions = Pick<ConnectionOptions, 'servers' | 'name' | 'user' | 'pass' | 'token' | 'authenticator' | 'tls' | 'timeout'>;

/** A message for JetStream: its headers, payload and de-duplication id. */
export interface NatsMessage {
  subject: string;
  headers: Record<string, string>;
  payload: Uint8Array;
  /** `Nats-Msg-Id`: the event's source and id (JetStream drops a repeat within the stream's duplicate window). */
  msgId: string;
}

/**
 * The message that delivers `event` to a NATS subscriber, per the CloudEvents NATS protocol
 * binding (1.0.2: structured mode, the event in the JSON format as the payload), with the same
 * Standard Webhooks headers a webhook gets (`webhook-id`, `-timestamp`, `-signature`), so a
 * consumer can check it with `verifyWebhook` too.
 */
export function natsMessage(event: EventRow, subscriber: SubscriberRow, now: number): NatsMessage {
  const message = writeCloudEvent(JSON.parse(event.body) as { specversion: string; id: string; source: string; type: string }, 'structured');
  const payload = typeof message.body === 'string' ? new TextEncoder().encode(message.body) : message.body;
  const timestamp = new Date(Math.floor(now / 1000) * 1000);
  const signatures = signingSecrets(parseSecrets(subscriber.secrets), now).map((secret) => new Webhook(secret).sign(event.id, timestamp, payload));
  return {
    subject: subscriber.subject!,
    headers: {
      ...message.headers,
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp.getTime() / 1000),
      'webhook-signature': signatures.join(' '),
    },
    payload,
    msgId: `${event.source} ${event.id}`,
  };
}

/** Publishes to JetStream over one connection, made when first needed and remade after it closes. */
export class NatsPublisher {
  private connection: Promise<{ nc: NatsConnection; js: JetStreamClient }> | undefined;

  constructor(private readonly options: NatsOptions) {}

  /** Publish and wait for the stream's acknowledgement (`duplicate`: the stream had it already). Rejects on any failure. */
  async publish(m: NatsMessage, timeoutMs: number): Promise<{ stream: string; seq: number; duplicate: boolean }> {
    const { js } = await this.connect();
    const h = natsHeaders();
    for (const [name, value] of Object.entries(m.headers)) h.set(name, value);
    const ack = await js.publish(m.subject, m.payload, { msgID: m.msgId, headers: h, timeout: timeoutMs });
    return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
  }

  async close(): Promise<void> {
    const c = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    await c?.nc.drain().catch(() => undefined);
  }

  private connect(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    if (!this.connection) {
      const made = connect({ maxReconnectAttempts: -1, ...this.options }).then((nc) => ({ nc, js: nc.jetstream() }));
      this.connection = made;
      made.then(({ nc }) => nc.closed().then(() => {
        if (this.connection === made) this.connection = undefined;
      }), () => {
        if (this.connection === made) this.connection = undefined;
      });
    }
    return this.connection;
  }
}
