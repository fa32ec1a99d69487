import 'reflect-metadata';
import { ormConfig } from './src/db/orm';

/**
 * Configuration for the MikroORM CLI (`npm run migration:create`). It talks to DATABASE_URL, by
 * default the embedded PostgreSQL of a running `npm start`. New migrations are written to
 * `src/migrations/`; list each in `src/migrations/index.ts`.
 */
const url =
  process.env.DATABASE_URL || 'postgres://postgres:erfaringsnet@127.0.0.1:54329/erfaringsnet';
const config = ormConfig(url);

export default {
  ...config,
  migrations: {
    ...config.migrations,
    path: 'src/migrations',
    pathTs: 'src/migrations',
    emit: 'ts' as const,
  },
};
