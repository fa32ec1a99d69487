import { searchIndexContract } from '../../test/support/search-contract';
import { PostgresSearchIndex } from './postgres.engine';

searchIndexContract('PostgreSQL', (em) => new PostgresSearchIndex(em));
