import { dropTemplate } from './template';

export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_ADMIN_DATABASE_URL) await dropTemplate(process.env.TEST_ADMIN_DATABASE_URL);
  await globalThis.__EMBEDDED_PG__?.stop();
}
