import type { Access } from '../../auth/access';
import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { containsPattern, getByGlobalId, listPage } from '../../common/lookup';
import { applyChanges } from '../../common/validation';
import type {
  CreateKommuneInput,
  CreateOrganizationInput,
  KommuneListArgs,
  OrganizationListArgs,
  UpdateKommuneInput,
  UpdateOrganizationInput,
} from './kommuner.inputs';
import { Kommune, Organization } from './kommuner.entity';

/** Lists kommuner by region and name, ordered by code. */
export function listKommuner(em: EntityManager, args: KommuneListArgs) {
  const where: FilterQuery<Kommune> = {};
  if (args.region) where.region = args.region;
  if (args.search) where.name = { $ilike: containsPattern(args.search) };
  return listPage(em, Kommune, where, args, { code: 'asc' });
}

export async function createKommune(em: EntityManager, input: CreateKommuneInput) {
  const kommune = applyChanges(new Kommune(), input);
  em.persist(kommune);
  await em.flush();
  return kommune;
}

export async function updateKommune(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateKommuneInput,
) {
  const kommune = await getByGlobalId(em, Kommune, id, 'id');
  await access.requireEditorOf({ kommuneIds: [kommune.id] }, 'change this kommune');
  applyChanges(kommune, input, ['name', 'officialName', 'region']);
  await em.flush();
  return kommune;
}

/** Lists organisations by kind and name. */
export function listOrganizations(em: EntityManager, args: OrganizationListArgs) {
  const where: FilterQuery<Organization> = {};
  if (args.kind) where.kind = args.kind;
  if (args.search) where.name = { $ilike: containsPattern(args.search) };
  return listPage(em, Organization, where, args, { name: 'asc', id: 'asc' });
}

export async function createOrganization(em: EntityManager, input: CreateOrganizationInput) {
  const organization = applyChanges(new Organization(), input);
  em.persist(organization);
  await em.flush();
  return organization;
}

export async function updateOrganization(
  em: EntityManager,
  access: Access,
  id: string,
  input: UpdateOrganizationInput,
) {
  const organization = await getByGlobalId(em, Organization, id, 'id');
  await access.requireEditorOf({ organizationIds: [organization.id] }, 'change this organisation');
  applyChanges(organization, input, ['name', 'kind']);
  await em.flush();
  return organization;
}
