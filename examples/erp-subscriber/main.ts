// The ERP stand-in from the command line:
//
//   ERP_WEBHOOK_SECRETS=whsec_… node --import tsx examples/erp-subscriber/main.ts \
//     --port 9000 --db ./erp.sqlite [--service http://127.0.0.1:8787/api/cpq --subscriber sub_…] [--auto-confirm]
//
// ERP_WEBHOOK_SECRETS: the subscriber's secret(s) as `POST /subscribers` answered it, comma-separated
// (the new one first while a rotated one overlaps). Secrets never go on the command line.
import { parseArgs } from 'node:util';
import { startErpSubscriber } from './erp-subscriber.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9000' },
    host: { type: 'string', default: '127.0.0.1' },
    db: { type: 'string', default: './erp.sqlite' },
    service: { type: 'string' },
    subscriber: { type: 'string' },
    'auto-confirm': { type: 'boolean', default: false },
  },
});
const secrets = (process.env.ERP_WEBHOOK_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const port = Number(values.port);
if (secrets.length === 0 || !Number.isInteger(port) || port < 0 || port > 65535 || (values.service === undefined) !== (values.subscriber === undefined)) {
  console.error('usage: ERP_WEBHOOK_SECRETS=whsec_… erp-subscriber [--port 9000] [--host 127.0.0.1] [--db ./erp.sqlite] [--service <base url> --subscriber <sub_id>] [--auto-confirm]');
  process.exit(2);
}
const erp = await startErpSubscriber({
  port, host: values.host, dbFile: values.db!, secrets,
  ...(values.service ? { service: { url: values.service.replace(/\/$/, ''), subscriberId: values.subscriber! } } : {}),
  autoConfirm: values['auto-confirm'], log: (line) => console.log(line),
});
console.log(`ERP stand-in: webhooks to ${erp.url}; its sales orders at http://${values.host}:${erp.port}/orders`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void erp.close().then(() => process.exit(0)));
