import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '../src/auth/identity';
import { Membership } from '../src/modules/groups/groups.entity';
import type { Kommune, Organization } from '../src/modules/kommuner/kommuner.entity';
import type { Person } from '../src/modules/people/people.entity';
import { Affiliation } from '../src/modules/people/people.entity';
import {
  ProcurementParticipant,
  ProcurementRole,
} from '../src/modules/procurements/procurements.entity';
import { AdoptionStatus, ProductAdoption } from '../src/modules/products/products.entity';
import { Requirement, RequirementSharing } from '../src/modules/requirements/requirements.entity';
import { testSchema, useTestApi } from './support/api';
import {
  claimOf,
  noteBy,
  personAtA,
  procurementOf,
  requirementOf,
  requirementSharedAs,
} from './support/mutation-baselines';
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
} from './support/factories';

/**
 * The permission matrix: every mutation of the schema, called by each kind of caller, is
 * allowed (it succeeds) or refused (UNAUTHENTICATED for anonymous callers, FORBIDDEN for the
 * rest, and nothing written). A mutation added without a row here fails the first test.
 */
const ACTORS = ['anonymous', 'member', 'editorSame', 'editorOther', 'admin', 'self'] as const;
type Actor = (typeof ACTORS)[number];

/** Kommune A, where the people the mutations are about work; kommune B, somewhere else. */
interface World {
  kommuneA: Kommune;
  kommuneB: Kommune;
  organization: Organization;
  /** A member of the network at kommune A, who is not the person a mutation is about. */
  colleague: Person;
}

/** One call: the operation, its variables, and the person it is about (the `self` caller). */
interface Call {
  query: string;
  variables: Record<string, unknown>;
  self: Person;
}

interface Rule {
  allowed: readonly Actor[];
  call: (em: EntityManager, world: World) => Promise<Call>;
}

const t = useTestApi();
let sequence = 0;
const unique = () => (sequence += 1);

const ADMIN: readonly Actor[] = ['admin'];
const EDITORS_OF_A: readonly Actor[] = ['editorSame', 'admin'];
const SELF_OR_EDITORS_OF_A: readonly Actor[] = ['self', 'editorSame', 'admin'];

/** Mutation → who may call it, and a call that succeeds for them. */
const RULES: Record<string, Rule> = {
  createKommune: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: CreateKommuneInput!) { createKommune(input: $input) { id } }`,
      variables: {
        input: {
          code: String(5000 + unique()),
          name: 'Ny',
          officialName: 'Ny Kommune',
          region: 'Region Sjælland',
          regionCode: '1085',
        },
      },
      self: await personAtA(em, world),
    }),
  },
  updateKommune: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateKommuneInput!) { updateKommune(id: $id, input: $input) { id } }`,
      variables: { id: gid(world.kommuneA), input: { name: world.kommuneA.name } },
      self: await personAtA(em, world),
    }),
  },
  createOrganization: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      variables: { input: { slug: `org-p-${unique()}`, name: 'Leverandør', kind: 'SUPPLIER' } },
      self: await personAtA(em, world),
    }),
  },
  updateOrganization: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateOrganizationInput!) { updateOrganization(id: $id, input: $input) { id } }`,
      variables: { id: gid(world.organization), input: { name: world.organization.name } },
      self: await personAtA(em, world),
    }),
  },
  createPerson: {
    allowed: ['editorSame', 'editorOther', 'admin'],
    call: async (em, world) => ({
      query: `mutation ($input: CreatePersonInput!) { createPerson(input: $input) { id } }`,
      variables: { input: { name: 'Ny Medarbejder' } },
      self: await personAtA(em, world),
    }),
  },
  updatePerson: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($id: ID!, $input: UpdatePersonInput!) { updatePerson(id: $id, input: $input) { id } }`,
        variables: { id: gid(self), input: { bio: 'Opdateret' } },
        self,
      };
    },
  },
  addAffiliation: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await buildPerson(em);
      return {
        query: `mutation ($input: AddAffiliationInput!) { addAffiliation(input: $input) { id } }`,
        variables: {
          input: { personId: gid(self), kommuneId: gid(world.kommuneA), validFrom: '2021-01-01' },
        },
        self,
      };
    },
  },
  changeAffiliation: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      const affiliation = await em.findOneOrFail(Affiliation, { person: self });
      return {
        query: `mutation ($input: ChangeAffiliationInput!) { changeAffiliation(input: $input) { id } }`,
        variables: { input: { affiliationId: gid(affiliation), from: '2024-01-01', title: 'Ny' } },
        self,
      };
    },
  },
  endAffiliation: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      const affiliation = await em.findOneOrFail(Affiliation, { person: self });
      return {
        query: `mutation ($input: EndInput!) { endAffiliation(input: $input) { id } }`,
        variables: { input: { id: gid(affiliation), on: '2024-01-01' } },
        self,
      };
    },
  },
  addExperienceClaim: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: AddExperienceClaimInput!) { addExperienceClaim(input: $input) { id } }`,
        variables: {
          input: { personId: gid(self), topicId: gid(await buildTopic(em)), level: 'BASIC' },
        },
        self,
      };
    },
  },
  updateExperienceClaim: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($id: ID!, $input: UpdateExperienceClaimInput!) { updateExperienceClaim(id: $id, input: $input) { id } }`,
        variables: { id: gid(await claimOf(em, self)), input: { level: 'EXPERT' } },
        self,
      };
    },
  },
  withdrawExperienceClaim: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($id: ID!) { withdrawExperienceClaim(id: $id) { id } }`,
        variables: { id: gid(await claimOf(em, self)) },
        self,
      };
    },
  },
  endorseExperienceClaim: {
    // In one's own name only: the member endorses as the colleague they are.
    allowed: ['member', 'admin'],
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: EndorseExperienceClaimInput!) { endorseExperienceClaim(input: $input) { id } }`,
        variables: {
          input: { claimId: gid(await claimOf(em, self)), endorserId: gid(world.colleague) },
        },
        self,
      };
    },
  },
  createGroup: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: CreateGroupInput!) { createGroup(input: $input) { id } }`,
      variables: {
        input: {
          slug: `gruppe-p-${unique()}`,
          name: 'Ny gruppe',
          kind: 'ARBEJDSGRUPPE',
          validFrom: '2024-01-01',
        },
      },
      self: await personAtA(em, world),
    }),
  },
  updateGroup: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateGroupInput!) { updateGroup(id: $id, input: $input) { id } }`,
      variables: { id: gid(await buildGroup(em)), input: { description: 'Ny beskrivelse' } },
      self: await personAtA(em, world),
    }),
  },
  endGroup: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: EndInput!) { endGroup(input: $input) { id } }`,
      variables: { input: { id: gid(await buildGroup(em)), on: '2024-01-01' } },
      self: await personAtA(em, world),
    }),
  },
  addMembership: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
        variables: {
          input: { groupId: gid(await buildGroup(em)), personId: gid(self), role: 'MEDLEM' },
        },
        self,
      };
    },
  },
  changeMembershipRole: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      const membership = await buildMembership(em, await buildGroup(em), self);
      return {
        query: `mutation ($input: ChangeMembershipRoleInput!) { changeMembershipRole(input: $input) { id } }`,
        variables: { input: { membershipId: gid(membership), role: 'FORMAND' } },
        self,
      };
    },
  },
  endMembership: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      const membership: Membership = await buildMembership(em, await buildGroup(em), self);
      return {
        query: `mutation ($input: EndInput!) { endMembership(input: $input) { id } }`,
        variables: { input: { id: gid(membership) } },
        self,
      };
    },
  },
  createProduct: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      variables: { input: { slug: `os2p${unique()}`, name: 'OS2ny', stage: 'OPERATION' } },
      self: await personAtA(em, world),
    }),
  },
  updateProduct: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`,
      variables: { id: gid(await buildProduct(em)), input: { summary: 'Ny' } },
      self: await personAtA(em, world),
    }),
  },
  recordProductAdoption: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($input: RecordProductAdoptionInput!) { recordProductAdoption(input: $input) { id } }`,
      variables: {
        input: {
          kommuneId: gid(world.kommuneA),
          productId: gid(await buildProduct(em)),
          status: 'INTERESTED',
          from: '2024-01-01',
        },
      },
      self: await personAtA(em, world),
    }),
  },
  endProductAdoption: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const adoption = Object.assign(new ProductAdoption(), {
        kommune: world.kommuneA,
        product: await buildProduct(em),
        status: AdoptionStatus.IN_PRODUCTION,
        validFrom: '2020-01-01',
      });
      await em.persistAndFlush(adoption);
      return {
        query: `mutation ($input: EndInput!) { endProductAdoption(input: $input) { id } }`,
        variables: { input: { id: gid(adoption) } },
        self: await personAtA(em, world),
      };
    },
  },
  createTopic: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($input: CreateTopicInput!) { createTopic(input: $input) { id } }`,
      variables: {
        input: { slug: `emne-p-${unique()}`, kind: 'METHOD', labelDa: 'Nyt', labelEn: 'New' },
      },
      self: await personAtA(em, world),
    }),
  },
  updateTopic: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateTopicInput!) { updateTopic(id: $id, input: $input) { id } }`,
      variables: { id: gid(await buildTopic(em)), input: { description: 'Ny' } },
      self: await personAtA(em, world),
    }),
  },
  createProcurement: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($input: CreateProcurementInput!) { createProcurement(input: $input) { id } }`,
      variables: {
        input: {
          title: 'Nyt udbud',
          kommuneIds: [gid(world.kommuneA)],
          procedure: 'UDBUD',
          status: 'PLANNED',
        },
      },
      self: await personAtA(em, world),
    }),
  },
  updateProcurement: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateProcurementInput!) { updateProcurement(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await procurementOf(em, world.kommuneA)),
        input: { lessonsLearned: 'Start tidligt.' },
      },
      self: await personAtA(em, world),
    }),
  },
  addProcurementParticipant: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: AddProcurementParticipantInput!) { addProcurementParticipant(input: $input) { id } }`,
        variables: {
          input: {
            procurementId: gid(await procurementOf(em, world.kommuneA)),
            personId: gid(self),
            role: 'ARCHITECT',
          },
        },
        self,
      };
    },
  },
  removeProcurementParticipant: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      const participant = Object.assign(new ProcurementParticipant(), {
        procurement: await procurementOf(em, world.kommuneA),
        person: self,
        role: ProcurementRole.ARCHITECT,
      });
      await em.persistAndFlush(participant);
      return {
        query: `mutation ($id: ID!) { removeProcurementParticipant(id: $id) { id } }`,
        variables: { id: gid(participant) },
        self,
      };
    },
  },
  createRequirement: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($input: CreateRequirementInput!) { createRequirement(input: $input) { id } }`,
      variables: {
        input: {
          title: 'Nyt krav',
          text: 'Systemet skal logge adgang.',
          importance: 'NORMAL',
          kind: 'NON_FUNCTIONAL',
          sharing: 'LOCAL',
          owningKommuneId: gid(world.kommuneA),
        },
      },
      self: await personAtA(em, world),
    }),
  },
  updateRequirement: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($id: ID!, $input: UpdateRequirementInput!) { updateRequirement(id: $id, input: $input) { id } }`,
      variables: {
        id: gid(await requirementOf(em, world.kommuneA)),
        input: { importance: 'HIGH' },
      },
      self: await personAtA(em, world),
    }),
  },
  recordRequirementUsage: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($input: RecordRequirementUsageInput!) { recordRequirementUsage(input: $input) { id } }`,
      variables: {
        input: {
          requirementId: gid(
            await requirementSharedAs(em, world.kommuneB, RequirementSharing.SHARED),
          ),
          kommuneId: gid(world.kommuneA),
          outcome: 'Godt',
        },
      },
      self: await personAtA(em, world),
    }),
  },
  proposeRequirementForSharing: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($id: ID!) { proposeRequirementForSharing(id: $id) { id } }`,
      variables: { id: gid(await requirementOf(em, world.kommuneA)) },
      self: await personAtA(em, world),
    }),
  },
  withdrawRequirementProposal: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => ({
      query: `mutation ($id: ID!) { withdrawRequirementProposal(id: $id) { id } }`,
      variables: {
        id: gid(await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED)),
      },
      self: await personAtA(em, world),
    }),
  },
  shareRequirement: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!) { shareRequirement(id: $id) { id } }`,
      variables: {
        id: gid(await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED)),
      },
      self: await personAtA(em, world),
    }),
  },
  declineRequirementSharing: {
    allowed: ADMIN,
    call: async (em, world) => ({
      query: `mutation ($id: ID!) { declineRequirementSharing(id: $id, reason: "Findes allerede") { id } }`,
      variables: {
        id: gid(await requirementSharedAs(em, world.kommuneA, RequirementSharing.PROPOSED)),
      },
      self: await personAtA(em, world),
    }),
  },
  createKnowledgeItem: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: CreateKnowledgeItemInput!) { createKnowledgeItem(input: $input) { id } }`,
        variables: {
          input: {
            kind: 'LESSON',
            title: 'Det lærte vi',
            body: 'Inddrag driften tidligt.',
            authorIds: [gid(self)],
            kommuneId: gid(world.kommuneA),
          },
        },
        self,
      };
    },
  },
  updateKnowledgeItem: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($id: ID!, $input: UpdateKnowledgeItemInput!) { updateKnowledgeItem(id: $id, input: $input) { id } }`,
        variables: {
          id: gid(await noteBy(em, self, world.kommuneA)),
          input: { title: 'Ny titel' },
        },
        self,
      };
    },
  },
  recordHandover: {
    allowed: SELF_OR_EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: RecordHandoverInput!) { recordHandover(input: $input) { id } }`,
        variables: {
          input: {
            fromPersonId: gid(self),
            toPersonId: gid(world.colleague),
            topicId: gid(await buildTopic(em)),
          },
        },
        self,
      };
    },
  },
  recordDeparture: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { id } } }`,
        variables: { input: { personId: gid(self), date: '2025-06-30', handovers: [] } },
        self,
      };
    },
  },
  revertDeparture: {
    allowed: EDITORS_OF_A,
    call: async (em, world) => {
      const self = await personAtA(em, world);
      await t.api.ok(
        `mutation ($input: RecordDepartureInput!) { recordDeparture(input: $input) { person { id } } }`,
        { input: { personId: gid(self), date: '2025-06-30', handovers: [] } },
      );
      return {
        query: `mutation ($id: ID!) { revertDeparture(personId: $id) { id } }`,
        variables: { id: gid(self) },
        self,
      };
    },
  },
  erasePerson: {
    allowed: ['self', 'admin'],
    call: async (em, world) => {
      const self = await personAtA(em, world);
      return {
        query: `mutation ($id: ID!) { erasePerson(personId: $id) { person { id } } }`,
        variables: { id: gid(self) },
        self,
      };
    },
  },
  importPeople: {
    allowed: ADMIN,
    call: async (em, world) => {
      const n = unique();
      return {
        query: `mutation ($content: String!) { importPeople(content: $content, format: CSV) { created rejected { reason } } }`,
        variables: {
          content: `externalId;name;kommune;startDate\nperm-${n};Importeret ${n};${world.kommuneA.code};2024-01-01`,
        },
        self: await personAtA(em, world),
      };
    },
  },
  importRequirements: {
    allowed: ADMIN,
    call: async (em, world) => {
      const n = unique();
      return {
        query: `mutation ($content: String!) { importRequirements(content: $content, format: JSON) { created } }`,
        variables: {
          content: JSON.stringify([
            { id: `perm-${n}`, name: `Krav ${n}`, description: 'Systemet skal logge.' },
          ]),
        },
        self: await personAtA(em, world),
      };
    },
  },
};

function identityOf(actor: Actor, world: World, self: Person): Identity | null {
  switch (actor) {
    case 'anonymous':
      return null;
    case 'member':
      return {
        subject: 'member',
        role: 'member',
        personId: world.colleague.id,
        kommuneCode: world.kommuneA.code,
      };
    case 'editorSame':
      return { subject: 'editor-a', role: 'editor', kommuneCode: world.kommuneA.code };
    case 'editorOther':
      return { subject: 'editor-b', role: 'editor', kommuneCode: world.kommuneB.code };
    case 'admin':
      return { subject: 'admin', role: 'admin' };
    case 'self':
      return {
        subject: 'self',
        role: 'member',
        personId: self.id,
        kommuneCode: world.kommuneA.code,
      };
  }
}

describe('permission matrix', () => {
  let world: World;

  beforeAll(async () => {
    const em = t.db.orm.em.fork();
    const kommuneA = await buildKommune(em);
    const kommuneB = await buildKommune(em);
    const colleague = await buildPerson(em, { name: 'Kollega' });
    await buildAffiliation(em, colleague, kommuneA);
    world = { kommuneA, kommuneB, colleague, organization: await buildOrganization(em) };
  });

  it('has a rule for every mutation in the schema, and none for mutations that are gone', async () => {
    const mutations = Object.keys((await testSchema()).getMutationType()!.getFields()).sort();
    expect(Object.keys(RULES).sort()).toEqual(mutations);
  });

  const cases = Object.entries(RULES).flatMap(([mutation, rule]) =>
    ACTORS.map((actor) => ({ mutation, actor, rule, allowed: rule.allowed.includes(actor) })),
  );

  it.each(cases)('$mutation by $actor: allowed $allowed', async ({ actor, rule, allowed }) => {
    const em = t.db.orm.em.fork();
    const { query, variables, self } = await rule.call(em, world);
    const result = await t.api.as(identityOf(actor, world, self)).run(query, variables);
    if (allowed) {
      expect(result.errors).toBeUndefined();
    } else {
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual([
        actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      ]);
      expect(result.data).toBeNull();
    }
  });

  it('lets an editor of an organisation change it and its people, and nothing of another', async () => {
    const em = t.db.orm.em.fork();
    const own = await buildOrganization(em);
    const other = await buildOrganization(em);
    const employee = await buildPerson(em);
    await buildAffiliation(em, employee, own);
    const editor = t.api.as({ subject: 'org-editor', role: 'editor', organizationSlug: own.slug });
    const rename = `mutation ($id: ID!) { updateOrganization(id: $id, input: { name: "Nyt navn" }) { name } }`;
    expect((await editor.ok(rename, { id: gid(own) })).updateOrganization.name).toBe('Nyt navn');
    expect((await editor.fail(rename, { id: gid(other) })).extensions?.code).toBe('FORBIDDEN');
    const bio = `mutation ($id: ID!) { updatePerson(id: $id, input: { bio: "Ny" }) { bio } }`;
    expect((await editor.ok(bio, { id: gid(employee) })).updatePerson.bio).toBe('Ny');
    const outsider = await personAtA(em, world);
    expect((await editor.fail(bio, { id: gid(outsider) })).extensions?.code).toBe('FORBIDDEN');
  });

  describe('editors stay within their own kommune', () => {
    const editorOfA = () =>
      t.api.as({ subject: 'editor-a', role: 'editor', kommuneCode: world.kommuneA.code });
    const code = (result: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
      result.errors?.[0]?.extensions?.code;

    it('cannot take over someone employed elsewhere by employing them too', async () => {
      const em = t.db.orm.em.fork();
      const elsewhere = await buildPerson(em);
      await buildAffiliation(em, elsewhere, world.kommuneB);
      const newcomer = await buildPerson(em);
      const employ = `mutation ($id: ID!, $k: ID!) {
        addAffiliation(input: { personId: $id, kommuneId: $k, validFrom: "2025-01-01" }) { id }
      }`;
      const vars = (person: Person) => ({ id: gid(person), k: gid(world.kommuneA) });
      expect(code(await editorOfA().run(employ, vars(elsewhere)))).toBe('FORBIDDEN');
      expect(code(await editorOfA().run(employ, vars(newcomer)))).toBeUndefined();
    });

    it('cannot change the choices that are the person’s own', async () => {
      const em = t.db.orm.em.fork();
      const person = await personAtA(em, world);
      const choose = `mutation ($id: ID!) {
        updatePerson(id: $id, input: { contactVisibility: MEMBERS }) { contactVisibility }
      }`;
      expect(code(await editorOfA().run(choose, { id: gid(person) }))).toBe('FORBIDDEN');
      const self = t.api.as({ subject: 'self', role: 'member', personId: person.id });
      expect((await self.ok(choose, { id: gid(person) })).updatePerson.contactVisibility).toBe(
        'MEMBERS',
      );
    });

    it('cannot give a requirement away, to another kommune or to the community', async () => {
      const em = t.db.orm.em.fork();
      const requirement = await requirementOf(em, world.kommuneA);
      const move = `mutation ($id: ID!, $owner: ID) {
        updateRequirement(id: $id, input: { owningKommuneId: $owner }) { id }
      }`;
      for (const owner of [gid(world.kommuneB), null]) {
        const result = await editorOfA().run(move, { id: gid(requirement), owner });
        expect(code(result)).toBe('FORBIDDEN');
      }
      const unchanged = await em.fork().findOneOrFail(Requirement, requirement.id);
      expect(unchanged.owningKommune?.id).toBe(world.kommuneA.id);
    });

    it('records joint procurements, but drops no other buyer and hands none away', async () => {
      const em = t.db.orm.em.fork();
      const [a, b] = [gid(world.kommuneA), gid(world.kommuneB)];
      const joint = await editorOfA().ok(
        `mutation ($k: [ID!]!) {
          createProcurement(input: { title: "Fælles udbud", kommuneIds: $k, procedure: UDBUD, status: PLANNED }) { id }
        }`,
        { k: [a, b] },
      );
      const buyers = `mutation ($id: ID!, $k: [ID!]!) { updateProcurement(id: $id, input: { kommuneIds: $k }) { id } }`;
      const id = joint.createProcurement.id;
      expect(code(await editorOfA().run(buyers, { id, k: [a] }))).toBe('FORBIDDEN');
      expect(code(await editorOfA().run(buyers, { id, k: [b] }))).toBe('FORBIDDEN');
      const own = await procurementOf(em, world.kommuneA);
      expect(code(await editorOfA().run(buyers, { id: gid(own), k: [b] }))).toBe('FORBIDDEN');
    });

    it('seats only their own people, and only on behalf of their own kommune', async () => {
      const em = t.db.orm.em.fork();
      const elsewhere = await buildPerson(em);
      await buildAffiliation(em, elsewhere, world.kommuneB);
      const ownPerson = await personAtA(em, world);
      const seat = `mutation ($g: ID!, $p: ID!, $k: ID) {
        addMembership(input: { groupId: $g, personId: $p, role: MEDLEM, representingKommuneId: $k }) { id }
      }`;
      const group = gid(await buildGroup(em));
      const [a, b] = [gid(world.kommuneA), gid(world.kommuneB)];
      expect(code(await editorOfA().run(seat, { g: group, p: gid(elsewhere), k: a }))).toBe(
        'FORBIDDEN',
      );
      expect(code(await editorOfA().run(seat, { g: group, p: gid(ownPerson), k: b }))).toBe(
        'FORBIDDEN',
      );
      expect(
        code(await editorOfA().run(seat, { g: group, p: gid(ownPerson), k: a })),
      ).toBeUndefined();
    });

    it('lets a member write notes in their own name only, under their own kommune', async () => {
      const em = t.db.orm.em.fork();
      const me = await personAtA(em, world);
      const elsewhere = await buildPerson(em);
      await buildAffiliation(em, elsewhere, world.kommuneB);
      const member = t.api.as({
        subject: 'me',
        role: 'member',
        personId: me.id,
        kommuneCode: world.kommuneA.code,
      });
      const write = `mutation ($authors: [ID!]!, $k: ID) {
        createKnowledgeItem(input: { kind: LESSON, title: "Note", body: "Tekst", authorIds: $authors, kommuneId: $k }) { id }
      }`;
      const [a, b] = [gid(world.kommuneA), gid(world.kommuneB)];
      expect(code(await member.run(write, { authors: [gid(me), gid(elsewhere)], k: a }))).toBe(
        'FORBIDDEN',
      );
      expect(code(await member.run(write, { authors: [gid(me)], k: b }))).toBe('FORBIDDEN');
      expect(code(await member.run(write, { authors: [gid(me)], k: a }))).toBeUndefined();
    });

    it('cannot write to an erased person', async () => {
      const em = t.db.orm.em.fork();
      const person = await personAtA(em, world);
      await t.api.ok(`mutation ($id: ID!) { erasePerson(personId: $id) { person { id } } }`, {
        id: gid(person),
      });
      const result = await editorOfA().run(
        `mutation ($id: ID!) { updatePerson(id: $id, input: { name: "Igen" }) { id } }`,
        { id: gid(person) },
      );
      expect(code(result)).toBe('CONFLICT');
    });
  });
});
