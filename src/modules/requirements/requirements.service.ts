import type { Access } from '../../auth/access';
import { requireAuthorship } from '../../auth/owners';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError, ConflictError, NotFoundError } from '../../common/errors';
import {
  containsPattern,
  getAllByGlobalIds,
  getByGlobalId,
  getOptionalByGlobalId,
  optionalId,
  queryPage,
} from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import { Kommune } from '../kommuner/kommuner.entity';
import { Person } from '../people/people.entity';
import { Procurement } from '../procurements/procurements.entity';
import { Topic } from '../topics/topics.entity';
import { Requirement, RequirementSharing, RequirementUsage } from './requirements.entity';
import type {
  CreateRequirementInput,
  RecordRequirementUsageInput,
  RequirementListArgs,
  SimilarRequirementsArgs,
  UpdateRequirementInput,
} from './requirements.inputs';
import { KommuneRequirementUse, SimilarRequirement } from './requirements.types';

/** Whether the caller may read a requirement: members read all, anonymous callers shared ones. */
export function readable(access: Access, requirement: Requirement): boolean {
  return access.signedIn || requirement.sharing === RequirementSharing.SHARED;
}

/** Lists requirements by category, importance, sharing, owner, topic and title. */
export function listRequirements(em: EntityManager, args: RequirementListArgs, access: Access) {
  const qb = em.createQueryBuilder(Requirement, 'r');
  if (!access.signedIn) qb.andWhere({ sharing: RequirementSharing.SHARED });
  const kommuneId = optionalId(args.kommuneId, 'Kommune', 'kommuneId');
  const topicId = optionalId(args.topicId, 'Topic', 'topicId');
  if (args.category) qb.andWhere({ category: args.category });
  if (args.importance) qb.andWhere({ importance: args.importance });
  if (args.sharing) qb.andWhere({ sharing: args.sharing });
  if (kommuneId) qb.andWhere({ owningKommune: kommuneId });
  if (topicId) {
    qb.andWhere(
      'r.id in (select rt.requirement_id from requirement_topics rt where rt.topic_id = ?)',
      [topicId],
    );
  }
  if (args.search) qb.andWhere({ title: { $ilike: containsPattern(args.search) } });
  qb.orderBy({ title: 'asc', id: 'asc' });
  return queryPage(qb, args);
}

async function setRelations(
  em: EntityManager,
  access: Access,
  requirement: Requirement,
  input: Pick<UpdateRequirementInput, 'owningKommuneId' | 'topicIds' | 'authorIds'>,
) {
  if (input.owningKommuneId !== undefined) {
    requirement.owningKommune = await getOptionalByGlobalId(
      em,
      Kommune,
      input.owningKommuneId,
      'owningKommuneId',
    );
  }
  if (input.topicIds != null)
    requirement.topics.set(await getAllByGlobalIds(em, Topic, input.topicIds, 'topicIds'));
  if (input.authorIds != null) {
    const authors = await getAllByGlobalIds(em, Person, input.authorIds, 'authorIds');
    const before = requirement.authors.isInitialized()
      ? requirement.authors.getItems()
      : await requirement.authors.loadItems();
    await requireAuthorship(em, access, authors, before);
    requirement.authors.set(authors);
  }
}

/** A requirement belongs to its kommune; one without is the community's, kept by admins. */
function requireRequirementEditor(access: Access, requirement: Requirement, what: string) {
  return access.requireEditorOf({ kommuneIds: [requirement.owningKommune?.id] }, what);
}

export async function createRequirement(
  em: EntityManager,
  access: Access,
  input: CreateRequirementInput,
) {
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  const requirement = applyChanges(new Requirement(), fields);
  await setRelations(em, access, requirement, { owningKommuneId, topicIds, authorIds });
  await requireRequirementEditor(access, requirement, 'add a requirement for this kommune');
  if (requirement.sharing === RequirementSharing.SHARED) {
    access.requireAdmin('add a requirement straight to the shared catalogue');
  }
  if (requirement.sharing !== RequirementSharing.LOCAL) requirement.sharingChangedAt = new Date();
  em.persist(requirement);
  await em.flush();
  return requirement;
}

export async function updateRequirement(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateRequirementInput,
) {
  const requirement = await getByGlobalId(em, Requirement, id, 'id');
  await requireRequirementEditor(access, requirement, 'change this requirement');
  if (requirement.sharing === RequirementSharing.SHARED) {
    // Other kommuner use it and record how it worked out against its text.
    access.requireAdmin('change a requirement in the shared catalogue');
  }
  const { owningKommuneId, topicIds, authorIds, ...fields } = input;
  applyChanges(requirement, fields, [
    'title',
    'text',
    'importance',
    'kind',
    'kleDomains',
    'tags',
    'architecturePrinciples',
  ]);
  const owner = requirement.owningKommune?.id;
  await setRelations(em, access, requirement, { owningKommuneId, topicIds, authorIds });
  if (requirement.owningKommune?.id !== owner) {
    // Handing it to another kommune, or to the community, takes the new owner's editor too.
    await requireRequirementEditor(access, requirement, 'give this requirement to that owner');
  }
  await em.flush();
  return requirement;
}

/**
 * Records that a kommune used a requirement, and how it worked out. The kommune is the one given,
 * or the procurement's only buyer; it must be a buyer of the procurement. An editor of that
 * kommune (or an admin) records it, and only for a shared requirement or one of the kommune's own:
 * another kommune's local or proposed requirement is not theirs to use yet.
 */
export async function recordRequirementUsage(
  em: EntityManager,
  access: Access,
  input: RecordRequirementUsageInput,
) {
  if (input.procurementId == null && input.kommuneId == null) {
    throw new BadUserInputError(
      'procurementId',
      'Give the procurement or the kommune that used the requirement',
    );
  }
  const usage = new RequirementUsage();
  usage.requirement = await getByGlobalId(em, Requirement, input.requirementId, 'requirementId');
  usage.procurement = await getOptionalByGlobalId(
    em,
    Procurement,
    input.procurementId,
    'procurementId',
  );
  usage.kommune = await getOptionalByGlobalId(em, Kommune, input.kommuneId, 'kommuneId');
  const buyers = usage.procurement ? await usage.procurement.kommuner.loadItems() : [];
  if (usage.procurement && !usage.kommune) {
    if (buyers.length !== 1) {
      throw new BadUserInputError(
        'kommuneId',
        `Procurement ${usage.procurement.globalId} has ${buyers.length} buyers: say which kommune used the requirement`,
      );
    }
    usage.kommune = buyers[0];
  }
  const kommune = usage.kommune as Kommune;
  if (usage.procurement && !buyers.some((buyer) => buyer.id === kommune.id)) {
    throw new BadUserInputError(
      'kommuneId',
      `${kommune.name} is not a buyer in procurement ${usage.procurement.globalId}`,
    );
  }
  await access.requireEditorOf({ kommuneIds: [kommune.id] }, 'record this use of the requirement');
  const requirement = usage.requirement;
  if (
    requirement.sharing !== RequirementSharing.SHARED &&
    requirement.owningKommune?.id !== kommune.id
  ) {
    throw new ConflictError(
      `Requirement ${requirement.globalId} is ${requirement.sharing}, not shared: only its own kommune can record using it until the kravredaktion shares it`,
      'requirementId',
    );
  }
  usage.outcome = input.outcome?.trim() || null;
  usage.lessons = input.lessons?.trim() || null;
  em.persist(usage);
  await em.flush();
  return usage;
}

/** One step of the sharing workflow: from which status, to which, and who may take it. */
interface SharingStep {
  from: RequirementSharing;
  to: RequirementSharing;
  /** The owning kommune's editors (and admins), or admins (the kravredaktion) only. */
  by: 'owner' | 'admin';
  /** What the step does, for errors: "propose this requirement for sharing". */
  what: string;
}

export const SHARING_STEPS = {
  propose: {
    from: RequirementSharing.LOCAL,
    to: RequirementSharing.PROPOSED,
    by: 'owner',
    what: 'propose this requirement for sharing',
  },
  share: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.SHARED,
    by: 'admin',
    what: 'share this requirement in the catalogue',
  },
  decline: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.LOCAL,
    by: 'admin',
    what: 'decline sharing this requirement',
  },
  withdraw: {
    from: RequirementSharing.PROPOSED,
    to: RequirementSharing.LOCAL,
    by: 'owner',
    what: 'withdraw the proposal to share this requirement',
  },
} satisfies Record<string, SharingStep>;

/**
 * Moves a requirement one step through the sharing workflow (local → proposed → shared, or a
 * proposal back to local), keeping the step's note and time on the requirement; the mutation's
 * audit event records who took the step. A requirement not at the step's starting status is a
 * CONFLICT that names its status.
 */
export async function changeSharing(
  em: EntityManager,
  access: Access,
  id: string,
  step: SharingStep,
  note: string | null | undefined,
) {
  const requirement = await getByGlobalId(em, Requirement, id, 'id', { lock: true });
  if (step.by === 'admin') access.requireAdmin(step.what);
  else await requireRequirementEditor(access, requirement, step.what);
  if (requirement.sharing !== step.from) {
    throw new ConflictError(
      `Requirement ${requirement.globalId} is ${requirement.sharing}; only a ${step.from} requirement can become ${step.to} this way`,
      'id',
    );
  }
  requirement.sharing = step.to;
  requirement.sharingNote = note?.trim() || null;
  requirement.sharingChangedAt = new Date();
  await em.flush();
  return requirement;
}

/** What {@link requirementUses} reads: one kommune's use of one requirement. */
interface UseRow {
  requirement_id: string;
  kommune_id: string;
  n: number;
  latest_year: number | null;
  last_recorded_at: Date;
}

/**
 * Which kommuner used which requirements, from the recorded usages: per requirement (for
 * `Requirement.usedBy`, most used first) or per kommune (for `Kommune.requirementsUsed`, most
 * recent first), for every parent of the batch in one statement. `sharedOnly` keeps the shared
 * requirements (for anonymous callers).
 */
export async function requirementUses(
  em: EntityManager,
  by: 'requirement' | 'kommune',
  ids: readonly string[],
  sharedOnly: boolean,
): Promise<Map<string, KommuneRequirementUse[]>> {
  const order =
    by === 'requirement'
      ? 'count(*) desc, k.name, k.id'
      : 'max(p.year) desc nulls last, max(u.created_at) desc, r.title, r.id';
  const rows = await em.getConnection().execute<UseRow[]>(
    `select u.requirement_id, u.kommune_id, count(*)::int as n, max(p.year) as latest_year,
       max(u.created_at) as last_recorded_at
     from requirement_usage u
     join requirement r on r.id = u.requirement_id
     join kommune k on k.id = u.kommune_id
     left join procurement p on p.id = u.procurement_id
     where u.${by}_id = any(?::uuid[]) ${sharedOnly ? `and r.sharing = 'SHARED'` : ''}
     group by u.requirement_id, u.kommune_id, k.name, k.id, r.title, r.id
     order by ${order}`,
    [`{${ids.join(',')}}`],
  );
  const uses = new Map<string, KommuneRequirementUse[]>();
  for (const row of rows) {
    const parent = by === 'requirement' ? row.requirement_id : row.kommune_id;
    let list = uses.get(parent);
    if (!list) uses.set(parent, (list = []));
    list.push(
      Object.assign(new KommuneRequirementUse(), {
        requirementId: row.requirement_id,
        kommuneId: row.kommune_id,
        listedBy: by,
        usageCount: row.n,
        latestYear: row.latest_year,
        lastRecordedAt: new Date(row.last_recorded_at),
      }),
    );
  }
  return uses;
}

/** The procurements each requirement was used in, newest first, for a batch in one statement. */
export async function procurementIdsOf(
  em: EntityManager,
  requirementIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await em.getConnection().execute<{ requirement_id: string; ids: string[] }[]>(
    `select x.requirement_id, array_agg(x.id order by x.year desc nulls last, x.title, x.id) as ids
     from (select distinct u.requirement_id, p.id, p.year, p.title
           from requirement_usage u join procurement p on p.id = u.procurement_id
           where u.requirement_id = any(?::uuid[])) x
     group by x.requirement_id`,
    [`{${requirementIds.join(',')}}`],
  );
  return new Map(rows.map((row) => [row.requirement_id, row.ids]));
}

/**
 * How `similarRequirements` weighs its three measures (they sum to 1), and how many candidates
 * each way of finding them brings before all are scored.
 */
export const SIMILARITY = {
  words: 0.45,
  text: 0.35,
  title: 0.2,
  /** Candidates by full-text rank, and by trigram similarity of title and of text, each. */
  candidates: 200,
} as const;

interface SimilarRow {
  id: string;
  score: number;
  word_overlap: number;
  text_similarity: number;
  title_similarity: number;
  shared_words: number;
}

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** Why two requirements are alike, in the words a user in a kommune would use. */
function similarityReason(row: SimilarRow, byText: boolean): string {
  const words = row.shared_words === 1 ? '1 ord' : `${row.shared_words} ord`;
  const title = byText
    ? `Titlen genfindes ${percent(Number(row.title_similarity))} i teksten`
    : `Titlen ligner ${percent(Number(row.title_similarity))}`;
  return `${title}, teksten ligner ${percent(Number(row.text_similarity))}; ${words} til fælles (${percent(Number(row.word_overlap))} af ordene)`;
}

/**
 * Requirements much like one requirement (`id`) or a text, from any kommune, most similar first:
 * candidates are found by full-text rank (the Danish `search_vector`) and by trigram similarity of
 * the folded title and text (indexed), then each is scored by its share of word stems in common
 * and the trigram similarity of its text and title (see {@link SIMILARITY}). Anonymous callers
 * see shared requirements only, and may ask about a shared one only.
 */
export async function similarRequirements(
  em: EntityManager,
  access: Access,
  args: SimilarRequirementsArgs,
): Promise<SimilarRequirement[]> {
  if ((args.id == null) === (args.text == null)) {
    throw new BadUserInputError('id', 'Give either id or text, not both and not neither');
  }
  let title: string;
  let text: string;
  let exclude: string | null = null;
  if (args.id != null) {
    const source = await getByGlobalId(em, Requirement, args.id, 'id');
    if (!readable(access, source)) throw new NotFoundError('Requirement', args.id, 'id');
    ({ title, text } = source);
    exclude = source.id;
  } else {
    title = text = (args.text as string).trim();
  }
  const byText = exclude === null;
  // A requirement's title against a text: how well the title is found in it (word similarity),
  // not how alike a short title and a whole text are.
  const titleSimilarity = byText
    ? 'word_similarity(search_normalize(r.title), s.text)'
    : 'similarity(search_normalize(r.title), s.title)';
  const titleMatch = byText
    ? 'search_normalize(r.title) <% s.text'
    : 'search_normalize(r.title) % s.title';
  const sql = `
    with source as (
      select search_normalize(:title) as title, search_normalize(:text) as text,
        array(select distinct w from unnest(tsvector_to_array(
          to_tsvector('pg_catalog.danish', search_normalize(:title || ' ' || :text)))) w) as words
    ),
    query as (
      select array_to_string(array(select quote_literal(w) from unnest(s.words) w), ' | ')::tsquery as q
      from source s
    ),
    visible as not materialized (
      select r.* from requirement r
      where r.id is distinct from :exclude::uuid ${access.signedIn ? '' : `and r.sharing = 'SHARED'`}
    ),
    candidates as (
      (select r.id from visible r, query q where r.search_vector @@ q.q
       order by ts_rank(r.search_vector, q.q) desc limit :candidates)
      union
      (select r.id from visible r, source s where ${titleMatch}
       order by ${titleSimilarity} desc limit :candidates)
      union
      (select r.id from visible r, source s where search_normalize(r.text) % s.text
       order by similarity(search_normalize(r.text), s.text) desc limit :candidates)
    ),
    measured as (
      select r.id,
        ${titleSimilarity} as title_similarity,
        similarity(search_normalize(r.text), s.text) as text_similarity,
        w.shared, w.total
      from candidates c join requirement r on r.id = c.id cross join source s
      cross join lateral (
        select cardinality(array(select unnest(s.words) intersect select unnest(o.words))) as shared,
          cardinality(s.words) + cardinality(o.words) as total
        from (select array(select distinct x from unnest(tsvector_to_array(
          to_tsvector('pg_catalog.danish', search_normalize(r.title || ' ' || r.text)))) x) as words) o
      ) w
    ),
    scored as (
      select id, title_similarity, text_similarity, shared as shared_words,
        case when total = 0 then 0 else 2.0 * shared / total end as word_overlap
      from measured
    )
    select *, ${SIMILARITY.words} * word_overlap + ${SIMILARITY.text} * text_similarity
        + ${SIMILARITY.title} * title_similarity as score
    from scored
    where ${SIMILARITY.words} * word_overlap + ${SIMILARITY.text} * text_similarity
        + ${SIMILARITY.title} * title_similarity >= :minSimilarity
    order by score desc, id
    limit :first`;
  const rows = (await em.getConnection().execute(
    em.getKnex().raw(sql, {
      title,
      text,
      exclude,
      candidates: SIMILARITY.candidates,
      minSimilarity: args.minSimilarity,
      first: args.first,
    }),
  )) as SimilarRow[];
  const found = await em.find(Requirement, { id: { $in: rows.map((row) => row.id) } });
  const byId = new Map(found.map((requirement) => [requirement.id, requirement]));
  return rows.map((row) =>
    Object.assign(new SimilarRequirement(), {
      requirement: byId.get(row.id),
      score: Number(row.score),
      wordOverlap: Number(row.word_overlap),
      textSimilarity: Number(row.text_similarity),
      titleSimilarity: Number(row.title_similarity),
      sharedWords: Number(row.shared_words),
      reason: similarityReason(row, byText),
    }),
  );
}
