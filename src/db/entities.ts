import { Affiliation, Person } from '../modules/people/people.entity';
import { AuditChange, AuditEvent } from '../modules/audit/audit.entity';
import { ClaimEndorsement, ExperienceClaim } from '../modules/claims/claims.entity';
import { Group, Membership } from '../modules/groups/groups.entity';
import { Departure } from '../modules/succession/departure.entity';
import { Handover } from '../modules/succession/succession.entity';
import { KnowledgeItem } from '../modules/knowledge/knowledge.entity';
import { Kommune, Organization } from '../modules/kommuner/kommuner.entity';
import { Procurement, ProcurementParticipant } from '../modules/procurements/procurements.entity';
import { Product, ProductAdoption } from '../modules/products/products.entity';
import { Requirement, RequirementUsage } from '../modules/requirements/requirements.entity';
import { Topic } from '../modules/topics/topics.entity';
import { SeedRecord } from '../seed/seed-record.entity';
import { BaseEntity, TemporalEntity } from './base.entity';

/** Every entity MikroORM maps, listed explicitly so discovery needs no file scanning. */
export const entities = [
  BaseEntity,
  TemporalEntity,
  Kommune,
  Organization,
  Person,
  Affiliation,
  Group,
  Membership,
  Product,
  ProductAdoption,
  Topic,
  ExperienceClaim,
  ClaimEndorsement,
  Procurement,
  ProcurementParticipant,
  Requirement,
  RequirementUsage,
  KnowledgeItem,
  Handover,
  Departure,
  AuditEvent,
  AuditChange,
  SeedRecord,
];

const BY_TYPE_NAME = new Map<string, (typeof entities)[number]>(
  entities
    .filter((entity) => entity !== BaseEntity && entity !== TemporalEntity)
    .map((entity) => [entity.name, entity]),
);

/** The entity class behind a GraphQL type name (they are the same), or undefined. */
export function entityByTypeName(name: string) {
  return BY_TYPE_NAME.get(name);
}
