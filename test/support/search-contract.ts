import type { EntityManager } from '@mikro-orm/postgresql';
import { pageWindow } from '../../src/common/pagination';
import { KnowledgeItem, KnowledgeKind } from '../../src/modules/knowledge/knowledge.entity';
import { allDocuments, topicSynonyms } from '../../src/search/documents';
import { documentId, type SearchIndex } from '../../src/search/search-index';
import { useTestApi } from './api';
import { buildPerson, buildProduct } from './factories';

/**
 * What every search engine must do, run against each engine. `make` builds the engine over the
 * test database's EntityManager; `dispose` removes what it left in an external engine.
 */
export function searchIndexContract(
  name: string,
  make: (em: EntityManager) => SearchIndex | Promise<SearchIndex>,
  dispose?: (index: SearchIndex) => Promise<void>,
) {
  describe(`SearchIndex contract: ${name}`, () => {
    const t = useTestApi();
    let index: SearchIndex;
    let note: KnowledgeItem;

    beforeAll(async () => {
      const em = t.db.orm.em.fork();
      const author = await buildPerson(em, { name: 'Kontrakt Forfatter' });
      await buildProduct(em, {
        slug: 'os2kravmotor',
        name: 'OS2kravmotor',
        summaryDa: 'Fælles bibliotek af it-krav.',
      });
      note = Object.assign(new KnowledgeItem(), {
        kind: KnowledgeKind.LESSON,
        title: 'Erfaringer med kravmotoren',
        body: 'Genbrug af krav sparer tid <script>alert(1)</script>.',
      });
      note.authors.add(author);
      await em.persistAndFlush(note);
      index = await make(em);
      await index.rebuild(allDocuments(em), await topicSynonyms(em));
    });

    afterAll(async () => {
      if (index && dispose) await dispose(index);
    });

    const find = async (query: string, types?: ('PRODUCT' | 'KNOWLEDGE_ITEM')[]) =>
      (await index.search(query, types, pageWindow({ first: 10 }))).rows;

    it('finds what was indexed, with every kind of hit, best first', async () => {
      const rows = await find('kravmotor');
      expect(rows.map((row) => row.type)).toEqual(
        expect.arrayContaining(['Product', 'KnowledgeItem']),
      );
      expect(rows[0].score).toBeGreaterThanOrEqual(rows[rows.length - 1].score);
    });

    it('narrows to the types asked for', async () => {
      expect((await find('kravmotor', ['PRODUCT'])).map((row) => row.type)).toEqual(['Product']);
    });

    it('marks matches in an HTML-safe snippet', async () => {
      const [hit] = await find('genbrug', ['KNOWLEDGE_ITEM']);
      expect(hit.snippet).toContain('<mark>');
      expect(hit.snippet).not.toContain('<script>');
    });

    it('forgets a removed document', async () => {
      const kinds = async () => (await find('kravmotor')).map((row) => row.type);
      // Found before: the check below could fail.
      expect(await kinds()).toContain('KnowledgeItem');
      const em = t.db.orm.em.fork();
      if (index.external) {
        // The row stays in the database: only the engine's own removal can make it forget.
        await index.remove([documentId({ type: 'KnowledgeItem', id: note.id })]);
        expect(await kinds()).not.toContain('KnowledgeItem');
        await em.nativeDelete(KnowledgeItem, { id: note.id });
      } else {
        // The built-in engine indexes the rows themselves: deleting the row is its removal,
        // and `remove` has nothing left to do.
        await em.nativeDelete(KnowledgeItem, { id: note.id });
        await index.remove([documentId({ type: 'KnowledgeItem', id: note.id })]);
        expect(await kinds()).not.toContain('KnowledgeItem');
      }
    });
  });
}
