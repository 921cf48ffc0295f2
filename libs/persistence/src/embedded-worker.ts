import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedPostgres } from './embedded.js';
import { schemaTemplateFile } from './schema-template-file.js';

// The embedded database on its own thread (see embedded-start.ts): it answers `{ url }` once it
// listens, or `{ error }`; a message asks it to close, and it answers `{ closed: true }`.
const port = parentPort!;
const { dataDir, maxConnections } = workerData as { dataDir: string; maxConnections: number };
try {
  const embedded = await startEmbeddedPostgres(dataDir, maxConnections, { template: schemaTemplateFile() });
  port.once(
    'message',
    () =>
      void embedded.close().then(
        () => port.postMessage({ closed: true }),
        (error: Error) => port.postMessage({ error: error.message }),
      ),
  );
  port.postMessage({ url: embedded.url });
} catch (error) {
  port.postMessage({ error: (error as Error).message });
}
