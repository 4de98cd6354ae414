import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './functions/core/src/db/schema.ts',
  out: './functions/core/drizzle',
});
