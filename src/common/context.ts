import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Access } from '../auth/access';
import type { Identity } from '../auth/identity';
import type { SearchIndex } from '../search/search-index';
import type { Caller } from '../limits';
import { Loaders } from './loaders';

/** What every resolver gets for one request. */
export interface Context {
  /** This request's own EntityManager (a fork; never the global one). */
  em: EntityManager;
  loaders: Loaders;
  logger: Logger;
  /** The search engine behind the general `search`. */
  searchIndex: SearchIndex;
  /** Who is calling and what they may read and change. */
  access: Access;
  /** Whose rate limits the request counts against (over HTTP; in-process calls have none). */
  caller?: Caller;
}

/** Gives the search engine for a request's EntityManager. */
export type SearchIndexFactory = (em: EntityManager) => SearchIndex;

/** Builds the context for one request from a fresh fork of the ORM's EntityManager. */
export function createContext(
  em: EntityManager,
  logger: Logger,
  searchIndex: SearchIndexFactory,
  identity: Identity | null,
  caller?: Caller,
): Context {
  const fork = em.fork();
  return {
    caller,
    em: fork,
    loaders: new Loaders(fork),
    logger,
    searchIndex: searchIndex(fork),
    access: new Access(identity, fork),
  };
}
