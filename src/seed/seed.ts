import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Group, Membership } from '../modules/groups/groups.entity';
import type { GroupKind, MembershipRole } from '../modules/groups/groups.entity';
import { ClaimLevel, ExperienceClaim } from '../modules/claims/claims.entity';
import { KnowledgeItem } from '../modules/knowledge/knowledge.entity';
import type { KnowledgeKind } from '../modules/knowledge/knowledge.entity';
import { Kommune, Organization } from '../modules/kommuner/kommuner.entity';
import type { OrganizationKind } from '../modules/kommuner/kommuner.entity';
import { Affiliation, Person } from '../modules/people/people.entity';
import { Procurement, ProcurementParticipant } from '../modules/procurements/procurements.entity';
import type {
  ProcurementProcedure,
  ProcurementRole,
  ProcurementStatus,
} from '../modules/procurements/procurements.entity';
import { AdoptionStatus, Product, ProductAdoption } from '../modules/products/products.entity';
import type { ProductStage } from '../modules/products/products.entity';
import { Requirement, RequirementUsage } from '../modules/requirements/requirements.entity';
import type {
  RequirementImportance,
  RequirementKind,
  RequirementSharing,
} from '../modules/requirements/requirements.entity';
import { Topic } from '../modules/topics/topics.entity';
import type { TopicKind } from '../modules/topics/topics.entity';
import { ImportFormat } from '../modules/imports/import.parse';
import { importContent } from '../modules/imports/imports.service';
import { ERASED_SEED_VALUE } from '../modules/privacy/erase-text';
import type { KommuneSeed, NetworkFile, ProductSeed, TopicsFile } from './format';
import { SeedRecord } from './seed-record.entity';

/** The folder holding the seed files, found from this file whether run from `src/` or `dist/`. */
export function seedsDir(): string {
  let dir = __dirname;
  for (let depth = 0; depth < 5; depth += 1) {
    const candidate = path.join(dir, 'seeds');
    try {
      readFileSync(path.join(candidate, 'kommuner.json'));
      return candidate;
    } catch {
      dir = path.dirname(dir);
    }
  }
  throw new Error('The seeds/ folder was not found next to the application');
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(seedsDir(), file), 'utf8')) as T;
}

/** What a seed run did. */
export interface SeedReport {
  created: number;
  updated: number;
}

/**
 * Thrown when a seed item refers to a row the seed created and that was removed since (a
 * procurement participant removed through the API, say): the item is skipped, not recreated.
 */
class RemovedSinceSeeded extends Error {}

/** Lookup tables from natural keys to entities, filled as the seed proceeds. */
class Registry {
  readonly kommuner = new Map<string, Kommune | null>();
  readonly organizations = new Map<string, Organization | null>();
  readonly products = new Map<string, Product | null>();
  readonly topics = new Map<string, Topic | null>();
  readonly people = new Map<string, Person | null>();
  readonly groups = new Map<string, Group | null>();
  readonly procurements = new Map<string, Procurement | null>();

  /** The entity of a key; `null` in the map marks one removed since the seed created it. */
  get<T>(map: Map<string, T | null>, key: string, what: string): T {
    const value = map.get(key);
    if (value === null) throw new RemovedSinceSeeded(`${what} "${key}"`);
    if (!value) throw new Error(`Seed data refers to unknown ${what} "${key}"`);
    return value;
  }
}

/** A value as the seed compares and remembers it: an entity by its id, a list item by item. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && 'id' in value) {
    return (value as { id: unknown }).id;
  }
  return value ?? null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** Whether two sets of remembered values are equal (jsonb keeps no key order). */
function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => same(a[key], b[key]));
}

/** A collection of a seeded row (its topics, authors, suppliers …). */
interface SeededCollection {
  isInitialized(): boolean;
  init(): Promise<unknown>;
  getItems(): object[];
  set(items: object[]): void;
}

/** Its items' ids, sorted: how the seed compares and remembers a collection. */
async function collectionIds(collection: SeededCollection): Promise<string[]> {
  if (!collection.isInitialized()) await collection.init();
  return ids(collection.getItems());
}

const ids = (items: object[]) => items.map((item) => (item as { id: string }).id).sort();

/**
 * The seed's writer within one transaction: its `upsert` creates what the seed never created and
 * brings up to date only what nobody changed since (see {@link seed}); `seededId` is the row the
 * seed made of a key, if it still remembers one.
 */
async function seedWriter(tx: EntityManager, report: SeedReport) {
  const records = new Map(
    (await tx.find(SeedRecord, {})).map((record) => [record.key, record] as const),
  );
  /** Remembers what the seed wrote into a row (or found in it). */
  function remember(key: string, entityId: string, seeded: Record<string, unknown>) {
    const record = records.get(key);
    if (!record) {
      const created = Object.assign(new SeedRecord(), { key, entityId, seeded });
      tx.persist(created);
      records.set(key, created);
    } else if (!sameValues(record.seeded, seeded) || record.entityId !== entityId) {
      Object.assign(record, { entityId, seeded });
    }
  }

  /**
   * The row of `key` (the entity's natural key in the seed files): created when the seed never
   * made it, else brought up to date only in the fields nobody else changed; `null` when the
   * seed made it and it was removed since.
   */
  async function upsert<T extends { id: string }>(
    entity: new () => T,
    key: string,
    where: Record<string, unknown>,
    fields: Partial<T>,
    collections: Record<string, object[]> = {},
  ): Promise<T | null> {
    const recordKey = `${entity.name}:${key}`;
    const seeded: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(fields)) seeded[name] = plain(value);
    for (const [name, items] of Object.entries(collections)) seeded[name] = ids(items);
    const record = records.get(recordKey);
    const fieldsOf = (row: T) => row as unknown as Record<string, unknown>;
    if (record) {
      const row = (await tx.findOne(entity as never, { id: record.entityId } as never)) as T | null;
      if (!row) return null;
      let changed = false;
      for (const [name, value] of Object.entries(fields)) {
        const before = record.seeded[name];
        if (before === undefined || same(value, before)) continue;
        if (!same(fieldsOf(row)[name], before)) continue; // changed by someone else: theirs
        fieldsOf(row)[name] = value;
        changed = true;
      }
      for (const [name, items] of Object.entries(collections)) {
        const before = record.seeded[name];
        if (before === undefined || same(ids(items), before)) continue;
        const collection = fieldsOf(row)[name] as SeededCollection;
        if (!same(await collectionIds(collection), before)) continue;
        collection.set(items);
        changed = true;
      }
      if (changed) report.updated += 1;
      // What an erasure took out of the memory stays out (the row keeps theirs: see above).
      for (const name of Object.keys(seeded)) {
        if (record.seeded[name] === ERASED_SEED_VALUE) seeded[name] = ERASED_SEED_VALUE;
      }
      remember(recordKey, row.id, seeded);
      return row;
    }
    let row = (await tx.findOne(entity as never, where as never)) as T | null;
    if (!row) {
      row = Object.assign(new entity(), where, fields);
      for (const [name, items] of Object.entries(collections)) {
        (fieldsOf(row)[name] as SeededCollection).set(items);
      }
      tx.persist(row);
      report.created += 1;
    }
    remember(recordKey, row.id, seeded);
    return row;
  }

  /** Runs `work` for each item, skipping an item that refers to a row removed since seeded. */
  async function each<T>(items: readonly T[], work: (item: T) => Promise<void>) {
    for (const item of items) {
      try {
        await work(item);
      } catch (error) {
        if (!(error instanceof RemovedSinceSeeded)) throw error;
      }
    }
  }

  const seededId = (entity: { name: string }, key: string) =>
    records.get(`${entity.name}:${key}`)?.entityId;

  return { upsert, each, seededId };
}

type SeedWriter = Awaited<ReturnType<typeof seedWriter>>;

/**
 * Loads the reference data and the demo network into the database, and adds only what is not
 * there yet. The seed remembers each row it created (`seed_record`) and the values it wrote, so:
 *
 * - a row it never created is created (matched first by its natural key: a row that already
 *   exists, from an earlier seed without that memory, an import or the API, is taken as it is);
 * - a row it created that was since changed, ended, erased or removed through the API or an
 *   import is left as it is: only a field still holding what the seed last wrote follows a
 *   change of the seed files, and a removed row is not brought back;
 * - a second run on an untouched database changes nothing.
 */
export async function seed(em: EntityManager, logger?: Logger): Promise<SeedReport> {
  const report: SeedReport = { created: 0, updated: 0 };
  const network = readJson<NetworkFile>('network.json');
  await em.transactional(async (tx) => {
    const s: Seeding = { ...(await seedWriter(tx, report)), registry: new Registry(), network };
    const topicsFile = readJson<TopicsFile>('topics.json');
    await seedKommuner(s);
    await seedTopics(s, topicsFile.topics);
    await seedOrganizations(s);
    await seedProducts(s, topicsFile.productTags);
    await seedPeople(s);
    await seedGroups(s);
    await seedAdoptions(s);
    await seedClaims(s);
    await seedProcurements(s);
    await seedRequirements(s);
    await seedKnowledge(s);
  });
  // The demo catalogue of requirements goes in as a kommune's export would (it names topics).
  const catalogue = await seedCatalogue(em);
  report.created += catalogue.created;
  report.updated += catalogue.updated;
  await seedCatalogueUsages(em, report, network);
  logger?.info(report, 'seed finished');
  return report;
}

/**
 * One transaction of the seed: its writer (see {@link seedWriter}), the rows seeded so far by
 * their keys, and the network file.
 */
interface Seeding extends SeedWriter {
  registry: Registry;
  network: NetworkFile;
}

/** The kommuner, by their code. */
async function seedKommuner(s: Seeding) {
  const { upsert, registry } = s;
  for (const k of readJson<KommuneSeed[]>('kommuner.json')) {
    registry.kommuner.set(
      k.code,
      await upsert(
        Kommune,
        k.code,
        { code: k.code },
        {
          name: k.name,
          officialName: k.officialName,
          region: k.region,
          regionCode: k.regionCode,
        },
      ),
    );
  }
}

/** The topics of the vocabulary, a parent before its children. */
async function seedTopics(s: Seeding, topics: TopicsFile['topics']) {
  const { upsert, registry } = s;
  for (const t of topics) {
    registry.topics.set(
      t.slug,
      await upsert(
        Topic,
        t.slug,
        { slug: t.slug },
        {
          kind: t.kind as TopicKind,
          labelDa: t.labelDa,
          labelEn: t.labelEn,
          aliases: t.aliases,
          description: t.description ?? null,
          kleNumber: t.kleNumber ?? null,
          parent: t.parent ? registry.get(registry.topics, t.parent, 'topic') : null,
        },
      ),
    );
  }
}

/** The organisations (suppliers, associations), by slug. */
async function seedOrganizations(s: Seeding) {
  const { upsert, registry, network } = s;
  for (const o of network.organizations) {
    registry.organizations.set(
      o.slug,
      await upsert(
        Organization,
        o.slug,
        { slug: o.slug },
        {
          name: o.name,
          kind: o.kind as OrganizationKind,
          description: o.description ?? null,
          website: o.website ?? null,
        },
      ),
    );
  }
}

/** The OS2 products, with their topics (from their tags) and the network's facts about them. */
async function seedProducts(s: Seeding, productTags: TopicsFile['productTags']) {
  const { upsert, registry, network } = s;
  const facts = new Map(network.products.map((fact) => [fact.product, fact]));
  for (const p of readJson<ProductSeed[]>('os2-products.json')) {
    const fact = facts.get(p.slug);
    const topicSlugs = new Set(p.topics.flatMap((tag) => productTags[tag] ?? []));
    registry.products.set(
      p.slug,
      await upsert(
        Product,
        p.slug,
        { slug: p.slug },
        {
          name: p.name,
          nameEn: p.nameEn ?? null,
          aliases: p.aliases ?? [],
          summary: p.summary,
          summaryDa: p.summaryDa,
          repository: p.repository,
          category: p.category,
          ...(fact?.stage ? { stage: fact.stage as ProductStage } : {}),
        },
        {
          topics: [...topicSlugs].map((slug) => registry.get(registry.topics, slug, 'topic')),
          suppliers: (fact?.suppliers ?? []).map((slug) =>
            registry.get(registry.organizations, slug, 'organisation'),
          ),
        },
      ),
    );
  }
}

/** The people of the demo network and their employments. */
async function seedPeople(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.people, async (p) => {
    const person = await upsert(
      Person,
      p.key,
      { externalId: `seed:${p.key}` },
      {
        name: p.name,
        title: p.title ?? null,
        bio: p.bio ?? null,
        email: p.email ?? null,
        languages: p.languages ?? ['da'],
        openToQuestions: p.openToQuestions ?? false,
      },
    );
    registry.people.set(p.key, person);
    if (!person) return;
    await each(p.affiliations, async (a) => {
      const kommune = a.kommune ? registry.get(registry.kommuner, a.kommune, 'kommune') : null;
      const organization = a.organization
        ? registry.get(registry.organizations, a.organization, 'organisation')
        : null;
      await upsert(
        Affiliation,
        `${p.key}/${a.kommune ?? a.organization}/${a.validFrom}`,
        { person, kommune, organization, validFrom: a.validFrom },
        { title: a.title ?? null, unit: a.unit ?? null, validTo: a.validTo ?? null },
      );
    });
  });
}

/** The groups and their seats. */
async function seedGroups(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.groups, async (g) => {
    const group = await upsert(
      Group,
      g.slug,
      { slug: g.slug },
      {
        name: g.name,
        kind: g.kind as GroupKind,
        description: g.description ?? null,
        product: g.product ? registry.get(registry.products, g.product, 'product') : null,
        validFrom: g.validFrom,
        validTo: g.validTo ?? null,
      },
      { topics: (g.topics ?? []).map((slug) => registry.get(registry.topics, slug, 'topic')) },
    );
    registry.groups.set(g.slug, group);
    if (!group) return;
    await each(g.members, async (m) => {
      await upsert(
        Membership,
        `${g.slug}/${m.person}/${m.validFrom}`,
        {
          group,
          person: registry.get(registry.people, m.person, 'person'),
          validFrom: m.validFrom,
        },
        {
          role: m.role as MembershipRole,
          representingKommune: m.representingKommune
            ? registry.get(registry.kommuner, m.representingKommune, 'kommune')
            : null,
          representingOrganization: m.representingOrganization
            ? registry.get(registry.organizations, m.representingOrganization, 'organisation')
            : null,
          validTo: m.validTo ?? null,
          note: m.note ?? null,
        },
      );
    });
  });
}

/** Which kommuner use which products, and since when. */
async function seedAdoptions(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.adoptions, async (a) => {
    await upsert(
      ProductAdoption,
      `${a.kommune}/${a.product}/${a.validFrom}`,
      {
        kommune: registry.get(registry.kommuner, a.kommune, 'kommune'),
        product: registry.get(registry.products, a.product, 'product'),
        validFrom: a.validFrom,
      },
      { status: a.status as AdoptionStatus, validTo: a.validTo ?? null, note: a.note ?? null },
    );
  });
}

/** People's experience claims. */
async function seedClaims(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.claims, async (c) => {
    await upsert(
      ExperienceClaim,
      `${c.person}/${c.topic}`,
      {
        person: registry.get(registry.people, c.person, 'person'),
        topic: registry.get(registry.topics, c.topic, 'topic'),
      },
      {
        level: c.level as ClaimLevel,
        narrative: c.narrative,
        validFrom: c.validFrom ?? null,
        validTo: c.validTo ?? null,
        product: c.product ? registry.get(registry.products, c.product, 'product') : null,
        group: c.group ? registry.get(registry.groups, c.group, 'group') : null,
      },
    );
  });
}

/** The procurements and who took part in them. */
async function seedProcurements(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.procurements, async (p) => {
    const procurement = await upsert(
      Procurement,
      p.key,
      { title: p.title },
      {
        description: p.description ?? null,
        year: p.year ?? null,
        procedure: p.procedure as ProcurementProcedure,
        status: p.status as ProcurementStatus,
        lessonsLearned: p.lessonsLearned ?? null,
        winner: p.winner ? registry.get(registry.organizations, p.winner, 'organisation') : null,
      },
      {
        kommuner: p.kommuner.map((code) => registry.get(registry.kommuner, code, 'kommune')),
        products: p.products.map((slug) => registry.get(registry.products, slug, 'product')),
        suppliers: p.suppliers.map((slug) =>
          registry.get(registry.organizations, slug, 'organisation'),
        ),
        topics: p.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
      },
    );
    registry.procurements.set(p.key, procurement);
    if (!procurement) return;
    await each(p.participants, async (participant) => {
      await upsert(
        ProcurementParticipant,
        `${p.key}/${participant.person}/${participant.role}`,
        {
          procurement,
          person: registry.get(registry.people, participant.person, 'person'),
          role: participant.role as ProcurementRole,
        },
        {
          kommune: participant.kommune
            ? registry.get(registry.kommuner, participant.kommune, 'kommune')
            : null,
          note: participant.note ?? null,
        },
      );
    });
  });
}

/** The network's own requirements and where they were used. */
async function seedRequirements(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.requirements, async (r) => {
    const requirement = await upsert(
      Requirement,
      r.key,
      { externalId: `seed:${r.key}` },
      {
        title: r.title,
        text: r.text,
        rationale: r.rationale ?? null,
        category: r.category ?? null,
        importance: r.importance as RequirementImportance,
        kind: r.kind as RequirementKind,
        sharing: r.sharing as RequirementSharing,
        owningKommune: r.owningKommune
          ? registry.get(registry.kommuner, r.owningKommune, 'kommune')
          : null,
      },
      {
        topics: r.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
        authors: r.authors.map((key) => registry.get(registry.people, key, 'person')),
      },
    );
    if (!requirement) return;
    await each(r.usages, async (usage) => {
      await upsert(
        RequirementUsage,
        `${r.key}/${usage.procurement ?? '-'}/${usage.kommune ?? '-'}`,
        {
          requirement,
          procurement: usage.procurement
            ? registry.get(registry.procurements, usage.procurement, 'procurement')
            : null,
          kommune: usage.kommune ? registry.get(registry.kommuner, usage.kommune, 'kommune') : null,
        },
        { outcome: usage.outcome ?? null, lessons: usage.lessons ?? null },
      );
    });
  });
}

/** The knowledge notes. */
async function seedKnowledge(s: Seeding) {
  const { upsert, each, registry, network } = s;
  await each(network.knowledge, async (k) => {
    await upsert(
      KnowledgeItem,
      k.key,
      { externalId: `seed:${k.key}` },
      {
        kind: k.kind as KnowledgeKind,
        title: k.title,
        body: k.body,
        url: k.url ?? null,
        occurredOn: k.occurredOn ?? null,
        product: k.product ? registry.get(registry.products, k.product, 'product') : null,
        group: k.group ? registry.get(registry.groups, k.group, 'group') : null,
        kommune: k.kommune ? registry.get(registry.kommuner, k.kommune, 'kommune') : null,
      },
      {
        authors: k.authors.map((key) => registry.get(registry.people, key, 'person')),
        topics: k.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
      },
    );
  });
}

/** How kommuner used requirements of the catalogue, now that it is there. */
async function seedCatalogueUsages(em: EntityManager, report: SeedReport, network: NetworkFile) {
  await em.transactional(async (tx) => {
    const { upsert, each, seededId } = await seedWriter(tx, report);
    await each(network.catalogueUsages ?? [], async (usage) => {
      const requirement = await tx.findOne(Requirement, { externalId: usage.requirement });
      const procurementId = usage.procurement && seededId(Procurement, usage.procurement);
      const kommune = await tx.findOne(Kommune, { code: usage.kommune });
      if (!requirement || !kommune || (usage.procurement && !procurementId)) {
        throw new Error(`Seed usage of "${usage.requirement}" refers to a row that is not there`);
      }
      const procurement = procurementId ? tx.getReference(Procurement, procurementId) : null;
      await upsert(
        RequirementUsage,
        `${usage.requirement}/${usage.procurement ?? '-'}/${usage.kommune}`,
        { requirement, procurement, kommune },
        { outcome: usage.outcome ?? null, lessons: usage.lessons ?? null },
      );
    });
  });
}

/** One requirement of `seeds/requirements.json`, in the import format. */
interface CatalogueItem {
  id: string;
  [field: string]: unknown;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * A digest of each requirement's stored state (its row but the update time, with its topics
 * and authors), by external id: what tells whether it changed since the seed imported it.
 */
export async function requirementStates(
  em: EntityManager,
  externalIds: string[],
): Promise<Map<string, { id: string; state: string }>> {
  if (externalIds.length === 0) return new Map();
  const rows = await em.execute<{ external_id: string; id: string; state: string }[]>(
    `select r.external_id, r.id, md5(
       (to_jsonb(r) - 'updated_at')::text
       || coalesce((select string_agg(t.topic_id::text, ',' order by t.topic_id)
                    from requirement_topics t where t.requirement_id = r.id), '')
       || '/' || coalesce((select string_agg(a.person_id::text, ',' order by a.person_id)
                    from requirement_authors a where a.requirement_id = r.id), '')) as state
     from requirement r where r.external_id in (?)`,
    [externalIds],
  );
  return new Map(rows.map((row) => [row.external_id, { id: row.id, state: row.state }]));
}

/**
 * Imports the demo catalogue (`seeds/requirements.json`) with the requirements importer, as a
 * kommune would load its export, under the seed's rules: a requirement it never imported is
 * imported (one already stored under the same id is taken as it is); one it imported is imported
 * again only when its item in the file changed and nobody changed the requirement since; one
 * removed since is not brought back.
 */
async function seedCatalogue(em: EntityManager): Promise<SeedReport> {
  const file = readJson<{ requirements: CatalogueItem[] }>('requirements.json');
  const key = (item: CatalogueItem) => `CatalogueRequirement:${item.id}`;
  const externalIds = file.requirements.map((item) => item.id);
  const records = new Map(
    (await em.find(SeedRecord, { key: { $like: 'CatalogueRequirement:%' } })).map(
      (record) => [record.key, record] as const,
    ),
  );
  const before = await requirementStates(em, externalIds);
  const wanted = file.requirements.filter((item) => {
    const record = records.get(key(item));
    const stored = before.get(item.id);
    if (!record) return !stored;
    return (
      stored?.id === record.entityId &&
      stored.state === record.seeded.state &&
      digest(item) !== record.seeded.item
    );
  });
  const report: SeedReport = { created: 0, updated: 0 };
  if (wanted.length > 0) {
    const result = await importContent(
      em,
      'requirements',
      JSON.stringify({ requirements: wanted }),
      ImportFormat.JSON,
    );
    if (result.rejected.length > 0) {
      throw new Error(`seeds/requirements.json: ${JSON.stringify(result.rejected)}`);
    }
    report.created = result.created;
    report.updated = result.updated;
  }
  // Remember what was imported now, and what was found stored without being remembered.
  const after = await requirementStates(em, externalIds);
  await em.transactional(async (tx) => {
    for (const item of file.requirements) {
      const stored = after.get(item.id);
      if (!stored || (records.has(key(item)) && !wanted.includes(item))) continue;
      const seeded = { item: digest(item), state: stored.state };
      const record = await tx.findOne(SeedRecord, { key: key(item) });
      if (record) Object.assign(record, { entityId: stored.id, seeded });
      else
        tx.persist(
          Object.assign(new SeedRecord(), { key: key(item), entityId: stored.id, seeded }),
        );
    }
  });
  return report;
}

/** Seeds the demo network when the database holds no kommuner yet (a fresh install). */
export async function seedIfEmpty(em: EntityManager, logger?: Logger): Promise<boolean> {
  if ((await em.count(Kommune, {})) > 0) return false;
  await seed(em, logger);
  return true;
}
