import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { SearchIndex } from '../search/search-index';
import { Loaders } from './loaders';

/** What every resolver gets for one request. */
export interface Context {
  /** This request's own EntityManager (a fork; never the global one). */
  em: EntityManager;
  loaders: Loaders;
  logger: Logger;
  /** The search engine behind the general `search`. */
  searchIndex: SearchIndex;
}

/** Gives the search engine for a request's EntityManager. */
export type SearchIndexFactory = (em: EntityManager) => SearchIndex;

/** Builds the context for one request from a fresh fork of the ORM's EntityManager. */
export function createContext(
  em: EntityManager,
  logger: Logger,
  searchIndex: SearchIndexFactory,
): Context {
  const fork = em.fork();
  return { em: fork, loaders: new Loaders(fork), logger, searchIndex: searchIndex(fork) };
}
