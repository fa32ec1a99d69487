import type { EntityManager } from '@mikro-orm/postgresql';
import { ClaimLevel, ExperienceClaim } from '../../src/modules/claims/claims.entity';
import type { Group } from '../../src/modules/groups/groups.entity';
import type { Kommune, Organization } from '../../src/modules/kommuner/kommuner.entity';
import { KnowledgeItem, KnowledgeKind } from '../../src/modules/knowledge/knowledge.entity';
import type { Person } from '../../src/modules/people/people.entity';
import { Affiliation } from '../../src/modules/people/people.entity';
import {
  Procurement,
  ProcurementParticipant,
  ProcurementProcedure,
  ProcurementRole,
} from '../../src/modules/procurements/procurements.entity';
import type { Product } from '../../src/modules/products/products.entity';
import { AdoptionStatus, ProductAdoption } from '../../src/modules/products/products.entity';
import {
  Requirement,
  RequirementSharing,
} from '../../src/modules/requirements/requirements.entity';
import type { Topic } from '../../src/modules/topics/topics.entity';
import type { TestApi } from './api';
import {
  buildAffiliation,
  buildGroup,
  buildKommune,
  buildMembership,
  buildOrganization,
  buildPerson,
  buildProduct,
  buildTopic,
  gid,
} from './factories';

/** The rows every baseline may refer to, built once per test file. */
export interface BaselineWorld {
  kommuneA: Kommune;
  kommuneB: Kommune;
  organization: Organization;
  /** A member of the network at kommune A, who is not the person a mutation is about. */
  colleague: Person;
  topic: Topic;
  product: Product;
  group: Group;
  procurement: Procurement;
  requirement: Requirement;
  api: TestApi;
}

/** One mutation call an admin can make successfully: the operation and its variables. */
export interface Baseline {
  query: string;
  variables: Record<string, unknown>;
}

let sequence = 0;
const unique = () => (sequence += 1);

/** Builds the shared rows of {@link BaselineWorld}. */
export async function buildBaselineWorld(em: EntityManager, api: TestApi): Promise<BaselineWorld> {
  const kommuneA = await buildKommune(em);
  const colleague = await buildPerson(em, { name: 'Kollega' });
  await buildAffiliation(em, colleague, kommuneA);
  return {
    kommuneA,
    kommuneB: await buildKommune(em),
    organization: await buildOrganization(em),
    colleague,
    topic: await buildTopic(em),
    product: await buildProduct(em),
    group: await buildGroup(em),
    procurement: await procurementOf(em, kommuneA),
    requirement: await requirementOf(em, kommuneA),
    api,
  };
}

/** A person working at kommune A, the subject of most mutations. */
export async function personAtA(
  em: EntityManager,
  world: Pick<BaselineWorld, 'kommuneA'>,
): Promise<Person> {
  const person = await buildPerson(em);
  await buildAffiliation(em, person, world.kommuneA);
  return person;
}

/** A claim of the person's on a fresh topic. */
export async function claimOf(em: EntityManager, person: Person) {
  const claim = Object.assign(new ExperienceClaim(), {
    person,
    topic: await buildTopic(em),
    level: ClaimLevel.WORKING,
  });
  await em.persistAndFlush(claim);
  return claim;
}

/** A procurement the kommune buys in. */
export async function procurementOf(em: EntityManager, kommune: Kommune) {
  const procurement = Object.assign(new Procurement(), {
    title: `Udbud ${unique()}`,
    procedure: ProcurementProcedure.UDBUD,
  });
  procurement.kommuner.add(kommune);
  await em.persistAndFlush(procurement);
  return procurement;
}

/** A requirement the kommune owns. */
export async function requirementOf(em: EntityManager, kommune: Kommune) {
  const requirement = Object.assign(new Requirement(), {
    title: `Krav ${unique()}`,
    text: 'Systemet skal understøtte single sign-on.',
    owningKommune: kommune,
  });
  await em.persistAndFlush(requirement);
  return requirement;
}

/** A requirement the kommune owns, at the given stage of the sharing workflow. */
export async function requirementSharedAs(
  em: EntityManager,
  kommune: Kommune,
  sharing: RequirementSharing,
) {
  const requirement = await requirementOf(em, kommune);
  requirement.sharing = sharing;
  await em.flush();
  return requirement;
}

/** A note by the author, filed under the kommune. */
export async function noteBy(em: EntityManager, author: Person, kommune: Kommune) {
  const note = Object.assign(new KnowledgeItem(), {
    kind: KnowledgeKind.LESSON,
    title: `Note ${unique()}`,
    body: 'Det virkede.',
    kommune,
  });
  note.authors.add(author);
  await em.persistAndFlush(note);
  return note;
}

const DEPARTURE = `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { id } } }`;

/**
 * Mutation → a call that succeeds for an admin, on rows made fresh for it. Each variable is named
 * after the argument it is passed to. The inputs fill many optional fields too, so that changing
 * one field leaves the others valid.
 */
export const BASELINES: Record<
  string,
  (em: EntityManager, world: BaselineWorld) => Promise<Baseline>
> = {
  async createKommune() {
    return {
      query: `mutation ($input: CreateKommuneInput!) { createKommune(input: $input) { id } }`,
      variables: {
        input: {
          code: String(1000 + (unique() % 9000)),
          name: 'Ny',
          officialName: 'Ny Kommune',
          region: 'Region Sjælland',
          regionCode: '1085',
        },
      },
    };
  },
  async updateKommune(em) {
    return {
      query: `mutation ($id: ID!, $input: UpdateKommuneInput!) { updateKommune(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await buildKommune(em)),
        input: { name: 'Nyt navn', officialName: 'Nyt Kommune', region: 'Region Hovedstaden' },
      },
    };
  },
  async createOrganization() {
    return {
      query: `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      variables: {
        input: {
          slug: `org-f-${unique()}`,
          name: 'Leverandør',
          kind: 'SUPPLIER',
          cvr: '12345678',
          website: 'https://example.dk',
          description: 'Leverer.',
        },
      },
    };
  },
  async updateOrganization(em) {
    return {
      query: `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await buildOrganization(em)),
        input: { name: 'Nyt navn', kind: 'CONSULTANCY', cvr: '87654321' },
      },
    };
  },
  async createPerson() {
    return {
      query: `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      variables: {
        input: {
          name: 'Ny Medarbejder',
          title: 'Arkitekt',
          email: `ny${unique()}@example.dk`,
          phone: '+45 12 34 56 78',
          languages: ['da', 'en'],
        },
      },
    };
  },
  async updatePerson(em, world) {
    return {
      query: `mutation ($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await personAtA(em, world)),
        input: { bio: 'Opdateret', title: 'Projektleder', openToQuestions: true },
      },
    };
  },
  async addAffiliation(em, world) {
    return {
      query: `mutation ($input: AddAffiliationInput!) { addAffiliation(input: $input) { id } }`,
      variables: {
        input: {
          personId: gid(await buildPerson(em)),
          kommuneId: gid(world.kommuneA),
          title: 'Udvikler',
          unit: 'IT',
          validFrom: '2021-01-01',
          validTo: '2023-01-01',
        },
      },
    };
  },
  async changeAffiliation(em, world) {
    const person = await personAtA(em, world);
    const affiliation = await em.findOneOrFail(Affiliation, { person });
    return {
      query: `mutation ($input: ChangeAffiliationInput!) { changeAffiliation(input: $input) { id } }`,
      variables: {
        input: { affiliationId: gid(affiliation), from: '2024-01-01', title: 'Ny', unit: 'IT' },
      },
    };
  },
  async endAffiliation(em, world) {
    const person = await personAtA(em, world);
    const affiliation = await em.findOneOrFail(Affiliation, { person });
    return {
      query: `mutation ($input: EndInput!) { endAffiliation(input: $input) { id } }`,
      variables: { input: { id: gid(affiliation), on: '2024-01-01', note: 'Stoppede' } },
    };
  },
  async addExperienceClaim(em, world) {
    return {
      query: `mutation ($input: AddExperienceClaimInput!) { addExperienceClaim(input: $input) { id } }`,
      variables: {
        input: {
          personId: gid(await personAtA(em, world)),
          topicId: gid(await buildTopic(em)),
          level: 'BASIC',
          narrative: 'Har brugt det.',
          productId: gid(world.product),
          validFrom: '2020-01-01',
        },
      },
    };
  },
  async updateExperienceClaim(em, world) {
    return {
      query: `mutation ($id: ID!, $input: UpdateExperienceClaimInput!) { updateExperienceClaim(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await claimOf(em, await personAtA(em, world))),
        input: { level: 'EXPERT', narrative: 'Mere nu.', validFrom: '2021-01-01' },
      },
    };
  },
  async withdrawExperienceClaim(em, world) {
    return {
      query: `mutation ($id: ID!) { withdrawExperienceClaim(id: $id) { id } }`,
      variables: { id: gid(await claimOf(em, await personAtA(em, world))) },
    };
  },
  async endorseExperienceClaim(em, world) {
    return {
      query: `mutation ($input: EndorseExperienceClaimInput!) { endorseExperienceClaim(input: $input) { id } }`,
      variables: {
        input: {
          claimId: gid(await claimOf(em, await personAtA(em, world))),
          endorserId: gid(world.colleague),
          comment: 'Kan bekræfte.',
        },
      },
    };
  },
  async createGroup(_em, world) {
    return {
      query: `mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }`,
      variables: {
        input: {
          slug: `gruppe-f-${unique()}`,
          name: 'Ny gruppe',
          kind: 'ARBEJDSGRUPPE',
          validFrom: '2024-01-01',
          productId: gid(world.product),
          topicIds: [gid(world.topic)],
        },
      },
    };
  },
  async updateGroup(em, world) {
    return {
      query: `mutation ($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await buildGroup(em)),
        input: { description: 'Ny beskrivelse', topicIds: [gid(world.topic)] },
      },
    };
  },
  async endGroup(em) {
    return {
      query: `mutation ($input: EndInput!) { endGroup(input: $input) { id } }`,
      variables: { input: { id: gid(await buildGroup(em)), on: '2024-01-01' } },
    };
  },
  async addMembership(em, world) {
    return {
      query: `mutation ($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
      variables: {
        input: {
          groupId: gid(await buildGroup(em)),
          personId: gid(await personAtA(em, world)),
          role: 'MEDLEM',
          representingKommuneId: gid(world.kommuneA),
          validFrom: '2020-01-01',
        },
      },
    };
  },
  async changeMembershipRole(em, world) {
    const membership = await buildMembership(em, await buildGroup(em), await personAtA(em, world));
    return {
      query: `mutation ($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { id } }`,
      variables: { input: { membershipId: gid(membership), role: 'FORMAND', from: '2024-01-01' } },
    };
  },
  async endMembership(em, world) {
    const membership = await buildMembership(em, await buildGroup(em), await personAtA(em, world));
    return {
      query: `mutation ($input: EndInput!) { endMembership(input: $input) { id } }`,
      variables: { input: { id: gid(membership), on: '2024-01-01' } },
    };
  },
  async createProduct(_em, world) {
    return {
      query: `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      variables: {
        input: {
          slug: `os2f${unique()}`,
          name: 'OS2ny',
          stage: 'OPERATION',
          supplierIds: [gid(world.organization)],
          topicIds: [gid(world.topic)],
        },
      },
    };
  },
  async updateProduct(em) {
    return {
      query: `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`,
      variables: { id: gid(await buildProduct(em)), input: { summary: 'Ny', category: 'Sag' } },
    };
  },
  async recordProductAdoption(em, world) {
    return {
      query: `mutation ($input: RecordProductAdoptionInput!) { recordProductAdoption(input: $input) { id } }`,
      variables: {
        input: {
          kommuneId: gid(world.kommuneA),
          productId: gid(await buildProduct(em)),
          status: 'INTERESTED',
          from: '2024-01-01',
          note: 'Vi kigger på det.',
        },
      },
    };
  },
  async endProductAdoption(em, world) {
    const adoption = Object.assign(new ProductAdoption(), {
      kommune: world.kommuneA,
      product: await buildProduct(em),
      status: AdoptionStatus.IN_PRODUCTION,
      validFrom: '2020-01-01',
    });
    await em.persistAndFlush(adoption);
    return {
      query: `mutation ($input: EndInput!) { endProductAdoption(input: $input) { id } }`,
      variables: { input: { id: gid(adoption), on: '2024-01-01' } },
    };
  },
  async createTopic(_em, world) {
    return {
      query: `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { id } }`,
      variables: {
        input: {
          slug: `emne-f-${unique()}`,
          kind: 'METHOD',
          labelDa: 'Nyt',
          labelEn: 'New',
          aliases: ['nyt emne'],
          parentId: gid(world.topic),
        },
      },
    };
  },
  async updateTopic(em) {
    return {
      query: `mutation ($id: ID!, $input: UpdateTopicInput!) { updateTopic(id: $id, input: $input) { id } }`,
      variables: { id: gid(await buildTopic(em)), input: { description: 'Ny', labelEn: 'New' } },
    };
  },
  async createProcurement(_em, world) {
    return {
      query: `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      variables: {
        input: {
          title: 'Nyt udbud',
          kommuneIds: [gid(world.kommuneA)],
          procedure: 'UDBUD',
          status: 'PLANNED',
          productIds: [gid(world.product)],
          year: 2025,
        },
      },
    };
  },
  async updateProcurement(em, world) {
    return {
      query: `mutation ($id: ID!, $input: UpdateProcurementInput!) { updateProcurement(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await procurementOf(em, world.kommuneA)),
        input: { lessonsLearned: 'Start tidligt.', year: 2024 },
      },
    };
  },
  async addProcurementParticipant(em, world) {
    return {
      query: `mutation ($input: AddProcurementParticipantInput!) { addProcurementParticipant(input: $input) { id } }`,
      variables: {
        input: {
          procurementId: gid(await procurementOf(em, world.kommuneA)),
          personId: gid(await personAtA(em, world)),
          role: 'ARCHITECT',
          note: 'Skrev kravene.',
        },
      },
    };
  },
  async removeProcurementParticipant(em, world) {
    const participant = Object.assign(new ProcurementParticipant(), {
      procurement: await procurementOf(em, world.kommuneA),
      person: await personAtA(em, world),
      role: ProcurementRole.ARCHITECT,
    });
    await em.persistAndFlush(participant);
    return {
      query: `mutation ($id: ID!) { removeProcurementParticipant(id: $id) { id } }`,
      variables: { id: gid(participant) },
    };
  },
  async createRequirement(_em, world) {
    return {
      query: `mutation ($input: CreateRequirementInput!) { createRequirement(input: $input) { id } }`,
      variables: {
        input: {
          title: 'Nyt krav',
          text: 'Systemet skal logge adgang.',
          importance: 'NORMAL',
          kind: 'NON_FUNCTIONAL',
          sharing: 'LOCAL',
          owningKommuneId: gid(world.kommuneA),
          topicIds: [gid(world.topic)],
        },
      },
    };
  },
  async updateRequirement(em, world) {
    return {
      query: `mutation ($id: ID!, $input: UpdateRequirementInput!) { updateRequirement(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await requirementOf(em, world.kommuneA)),
        input: { importance: 'HIGH', rationale: 'Fordi.', kleDomains: ['85.02'] },
      },
    };
  },
  async recordRequirementUsage(em, world) {
    return {
      query: `mutation ($input: RecordRequirementUsageInput!) { recordRequirementUsage(input: $input) { id } }`,
      variables: {
        input: {
          requirementId: gid(
            await requirementSharedAs(em, world.kommuneB, RequirementSharing.SHARED),
          ),
          procurementId: gid(await procurementOf(em, world.kommuneA)),
          kommuneId: gid(world.kommuneA),
          outcome: 'Godt',
          lessons: 'Skriv det tydeligt.',
        },
      },
    };
  },
  async proposeRequirementForSharing(em, world) {
    return {
      query: `mutation ($id: ID!, $note: String) { proposeRequirementForSharing(id: $id, note: $note) { id } }`,
      variables: { id: gid(await requirementOf(em, world.kommuneA)), note: 'Til fælles brug.' },
    };
  },
  async shareRequirement(em, world) {
    const requirement = await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED);
    return {
      query: `mutation ($id: ID!, $note: String) { shareRequirement(id: $id, note: $note) { id } }`,
      variables: { id: gid(requirement), note: 'Godkendt af kravredaktionen.' },
    };
  },
  async declineRequirementSharing(em, world) {
    const requirement = await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED);
    return {
      query: `mutation ($id: ID!, $reason: String!) { declineRequirementSharing(id: $id, reason: $reason) { id } }`,
      variables: { id: gid(requirement), reason: 'Findes allerede.' },
    };
  },
  async withdrawRequirementProposal(em, world) {
    const requirement = await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED);
    return {
      query: `mutation ($id: ID!, $note: String) { withdrawRequirementProposal(id: $id, note: $note) { id } }`,
      variables: { id: gid(requirement), note: 'Vi venter.' },
    };
  },
  async createKnowledgeItem(em, world) {
    return {
      query: `mutation ($input: CreateKnowledgeItemInput!) { createKnowledgeItem(input: $input) { id } }`,
      variables: {
        input: {
          kind: 'LESSON',
          title: 'Det lærte vi',
          body: 'Inddrag driften tidligt.',
          authorIds: [gid(await personAtA(em, world))],
          kommuneId: gid(world.kommuneA),
          occurredOn: '2024-05-01',
          topicIds: [gid(world.topic)],
        },
      },
    };
  },
  async updateKnowledgeItem(em, world) {
    const author = await personAtA(em, world);
    return {
      query: `mutation ($id: ID!, $input: UpdateKnowledgeItemInput!) { updateKnowledgeItem(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await noteBy(em, author, world.kommuneA)),
        input: { title: 'Ny titel', authorIds: [gid(author)] },
      },
    };
  },
  async recordHandover(em, world) {
    return {
      query: `mutation ($input: RecordHandoverInput!) { recordHandover(input: $input) { id } }`,
      variables: {
        input: {
          fromPersonId: gid(await personAtA(em, world)),
          toPersonId: gid(world.colleague),
          topicId: gid(await buildTopic(em)),
          date: '2024-06-01',
          note: 'Overdraget.',
        },
      },
    };
  },
  async recordDeparture(em, world) {
    return {
      query: DEPARTURE,
      variables: {
        input: {
          personId: gid(await personAtA(em, world)),
          date: '2025-06-30',
          handovers: [{ successorId: gid(world.colleague), topicId: gid(world.topic) }],
        },
      },
    };
  },
  async revertDeparture(em, world) {
    const person = await personAtA(em, world);
    await world.api.ok(DEPARTURE, {
      input: { personId: gid(person), date: '2025-06-30', handovers: [] },
    });
    return {
      query: `mutation ($personId: ID!) { revertDeparture(personId: $personId) { id } }`,
      variables: { personId: gid(person) },
    };
  },
  async erasePerson(em, world) {
    return {
      query: `mutation ($personId: ID!) { erasePerson(personId: $personId) { person { id } } }`,
      variables: { personId: gid(await personAtA(em, world)) },
    };
  },
  async importPeople(_em, world) {
    const n = unique();
    return {
      query: `mutation ($content: String!, $format: ImportFormat!, $dryRun: Boolean) { importPeople(content: $content, format: $format, dryRun: $dryRun) { created } }`,
      variables: {
        content: [
          'externalId;name;email;phone;title;kommune;unit;startDate;endDate',
          `fuzz-${n};Importeret ${n};fuzz-${n}@example.dk;+45 12 34 56 78;Konsulent;${world.kommuneA.code};IT;2024-01-01;2025-01-01`,
        ].join('\n'),
        format: 'CSV',
        dryRun: false,
      },
    };
  },
  async importRequirements() {
    const n = unique();
    return {
      query: `mutation ($content: String!, $format: ImportFormat!, $dryRun: Boolean) { importRequirements(content: $content, format: $format, dryRun: $dryRun) { created } }`,
      variables: {
        content: JSON.stringify([
          {
            id: `fuzz-${n}`,
            name: `Krav ${n}`,
            description: 'Systemet skal logge adgang.',
            importance: 'HIGH',
            tags: ['Logning'],
            type: 'GLOBAL',
          },
        ]),
        format: 'JSON',
        dryRun: false,
      },
    };
  },
};
