import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Group, Membership } from '../modules/groups/groups.entity';
import type { GroupKind, MembershipRole } from '../modules/groups/groups.entity';
import { ClaimLevel, ExperienceClaim } from '../modules/expertise/expertise.entity';
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
import type { KommuneSeed, NetworkFile, ProductSeed, TopicsFile } from './format';

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

/** Lookup tables from natural keys to entities, filled as the seed proceeds. */
class Registry {
  readonly kommuner = new Map<string, Kommune>();
  readonly organizations = new Map<string, Organization>();
  readonly products = new Map<string, Product>();
  readonly topics = new Map<string, Topic>();
  readonly people = new Map<string, Person>();
  readonly groups = new Map<string, Group>();
  readonly procurements = new Map<string, Procurement>();

  get<T>(map: Map<string, T>, key: string, what: string): T {
    const value = map.get(key);
    if (!value) throw new Error(`Seed data refers to unknown ${what} "${key}"`);
    return value;
  }
}

/**
 * Loads the reference data and the demo network into the database. Idempotent: everything is
 * matched by its natural key and only created or updated where it differs.
 */
export async function seed(em: EntityManager, logger?: Logger): Promise<SeedReport> {
  const report: SeedReport = { created: 0, updated: 0 };
  await em.transactional(async (tx) => {
    const registry = new Registry();
    /** Finds by key or creates, then copies the given fields, counting what changed. */
    async function upsert<T extends object>(
      entity: new () => T,
      where: Record<string, unknown>,
      fields: Partial<T>,
    ): Promise<T> {
      let row = (await tx.findOne(entity as never, where as never)) as T | null;
      if (!row) {
        row = Object.assign(new entity(), where, fields);
        tx.persist(row);
        report.created += 1;
        return row;
      }
      const changed = Object.entries(fields).some(
        ([key, value]) =>
          JSON.stringify((row as Record<string, unknown>)[key]) !== JSON.stringify(value),
      );
      if (changed) {
        Object.assign(row, fields);
        report.updated += 1;
      }
      return row;
    }

    for (const k of readJson<KommuneSeed[]>('kommuner.json')) {
      registry.kommuner.set(
        k.code,
        await upsert(
          Kommune,
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

    const topicsFile = readJson<TopicsFile>('topics.json');
    for (const t of topicsFile.topics) {
      const topic = await upsert(
        Topic,
        { slug: t.slug },
        {
          kind: t.kind as TopicKind,
          labelDa: t.labelDa,
          labelEn: t.labelEn,
          aliases: t.aliases,
          description: t.description ?? null,
          kleNumber: t.kleNumber ?? null,
        },
      );
      if (t.parent) topic.parent = registry.get(registry.topics, t.parent, 'topic');
      registry.topics.set(t.slug, topic);
    }

    const network = readJson<NetworkFile>('network.json');
    for (const o of network.organizations) {
      registry.organizations.set(
        o.slug,
        await upsert(
          Organization,
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

    const facts = new Map(network.products.map((fact) => [fact.product, fact]));
    for (const p of readJson<ProductSeed[]>('os2-products.json')) {
      const fact = facts.get(p.slug);
      const product = await upsert(
        Product,
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
      );
      registry.products.set(p.slug, product);
      const topicSlugs = new Set(p.topics.flatMap((tag) => topicsFile.productTags[tag] ?? []));
      await setCollection(
        product.topics,
        [...topicSlugs].map((slug) => registry.get(registry.topics, slug, 'topic')),
      );
      await setCollection(
        product.suppliers,
        (fact?.suppliers ?? []).map((slug) =>
          registry.get(registry.organizations, slug, 'organisation'),
        ),
      );
    }

    for (const p of network.people) {
      const person = await upsert(
        Person,
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
      for (const a of p.affiliations) {
        const kommune = a.kommune ? registry.get(registry.kommuner, a.kommune, 'kommune') : null;
        const organization = a.organization
          ? registry.get(registry.organizations, a.organization, 'organisation')
          : null;
        await upsert(
          Affiliation,
          { person, kommune, organization, validFrom: a.validFrom },
          { title: a.title ?? null, unit: a.unit ?? null, validTo: a.validTo ?? null },
        );
      }
    }

    for (const g of network.groups) {
      const group = await upsert(
        Group,
        { slug: g.slug },
        {
          name: g.name,
          kind: g.kind as GroupKind,
          description: g.description ?? null,
          product: g.product ? registry.get(registry.products, g.product, 'product') : null,
          validFrom: g.validFrom,
          validTo: g.validTo ?? null,
        },
      );
      registry.groups.set(g.slug, group);
      await setCollection(
        group.topics,
        (g.topics ?? []).map((slug) => registry.get(registry.topics, slug, 'topic')),
      );
      for (const m of g.members) {
        await upsert(
          Membership,
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
      }
    }

    for (const a of network.adoptions) {
      await upsert(
        ProductAdoption,
        {
          kommune: registry.get(registry.kommuner, a.kommune, 'kommune'),
          product: registry.get(registry.products, a.product, 'product'),
          validFrom: a.validFrom,
        },
        { status: a.status as AdoptionStatus, validTo: a.validTo ?? null, note: a.note ?? null },
      );
    }

    for (const c of network.claims) {
      await upsert(
        ExperienceClaim,
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
    }

    for (const p of network.procurements) {
      const procurement = await upsert(
        Procurement,
        { title: p.title },
        {
          description: p.description ?? null,
          year: p.year ?? null,
          procedure: p.procedure as ProcurementProcedure,
          status: p.status as ProcurementStatus,
          lessonsLearned: p.lessonsLearned ?? null,
          winner: p.winner ? registry.get(registry.organizations, p.winner, 'organisation') : null,
        },
      );
      registry.procurements.set(p.key, procurement);
      await setCollection(
        procurement.kommuner,
        p.kommuner.map((code) => registry.get(registry.kommuner, code, 'kommune')),
      );
      await setCollection(
        procurement.products,
        p.products.map((slug) => registry.get(registry.products, slug, 'product')),
      );
      await setCollection(
        procurement.suppliers,
        p.suppliers.map((slug) => registry.get(registry.organizations, slug, 'organisation')),
      );
      await setCollection(
        procurement.topics,
        p.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
      );
      for (const participant of p.participants) {
        await upsert(
          ProcurementParticipant,
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
      }
    }

    for (const r of network.requirements) {
      const requirement = await upsert(
        Requirement,
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
      );
      await setCollection(
        requirement.topics,
        r.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
      );
      await setCollection(
        requirement.authors,
        r.authors.map((key) => registry.get(registry.people, key, 'person')),
      );
      for (const usage of r.usages) {
        await upsert(
          RequirementUsage,
          {
            requirement,
            procurement: usage.procurement
              ? registry.get(registry.procurements, usage.procurement, 'procurement')
              : null,
          },
          {
            kommune: usage.kommune
              ? registry.get(registry.kommuner, usage.kommune, 'kommune')
              : null,
            outcome: usage.outcome ?? null,
            lessons: usage.lessons ?? null,
          },
        );
      }
    }

    for (const k of network.knowledge) {
      const item = await upsert(
        KnowledgeItem,
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
      );
      await setCollection(
        item.authors,
        k.authors.map((key) => registry.get(registry.people, key, 'person')),
      );
      await setCollection(
        item.topics,
        k.topics.map((slug) => registry.get(registry.topics, slug, 'topic')),
      );
    }
    // Flush in stages above is not needed: one flush at the end writes everything in order.
  });
  // The demo catalogue of requirements goes in as a kommune's export would (it names topics).
  const requirements = await importContent(
    em,
    'requirements',
    readFileSync(path.join(seedsDir(), 'requirements.json'), 'utf8'),
    ImportFormat.JSON,
  );
  if (requirements.rejected.length > 0) {
    throw new Error(`seeds/requirements.json: ${JSON.stringify(requirements.rejected)}`);
  }
  report.created += requirements.created;
  report.updated += requirements.updated;
  logger?.info(report, 'seed finished');
  return report;
}

/** Replaces a collection's items only when they differ, so a re-run writes nothing. */
async function setCollection<T extends object>(
  collection: {
    isInitialized(): boolean;
    init(): Promise<unknown>;
    getItems(): T[];
    set(items: T[]): void;
    owner: object;
  },
  items: T[],
): Promise<void> {
  const owner = collection.owner as { id?: string };
  if (owner.id && !collection.isInitialized()) {
    try {
      await collection.init();
    } catch {
      // a new, unsaved owner has nothing to load
    }
  }
  const current = new Set(collection.isInitialized() ? collection.getItems() : []);
  if (current.size === items.length && items.every((item) => current.has(item))) return;
  collection.set(items);
}

/** Seeds the demo network when the database holds no kommuner yet (a fresh install). */
export async function seedIfEmpty(em: EntityManager, logger?: Logger): Promise<boolean> {
  if ((await em.count(Kommune, {})) > 0) return false;
  await seed(em, logger);
  return true;
}
