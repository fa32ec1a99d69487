import type { EmbeddedDatabase } from '../../src/db/embedded';

export default async function globalTeardown() {
  const db = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as
    EmbeddedDatabase | undefined;
  await db?.stop();
}
