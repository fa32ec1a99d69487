import type { NonEmptyArray } from 'type-graphql';
import { SearchResolver } from '../search/search.resolver';
import {
  AuditActorResolver,
  AuditChangeResolver,
  AuditEventResolver,
} from '../modules/audit/audit.resolver';
import {
  ClaimEndorsementResolver,
  ExperienceClaimResolver,
} from '../modules/claims/claims.resolver';
import { EvidenceResolver, ExpertResolver } from '../modules/experts/experts.resolver';
import { GroupResolver, MembershipResolver } from '../modules/groups/groups.resolver';
import { ImportResolver } from '../modules/imports/imports.resolver';
import { KnowledgeItemResolver } from '../modules/knowledge/knowledge.resolver';
import { KommuneResolver, OrganizationResolver } from '../modules/kommuner/kommuner.resolver';
import { NodeResolver } from '../modules/nodes/nodes.resolver';
import { PrivacyResolver } from '../modules/privacy/privacy.resolver';
import { AffiliationResolver, PersonResolver } from '../modules/people/people.resolver';
import {
  ProcurementParticipantResolver,
  ProcurementResolver,
} from '../modules/procurements/procurements.resolver';
import { ProductAdoptionResolver, ProductResolver } from '../modules/products/products.resolver';
import {
  KommuneRequirementUseResolver,
  RequirementResolver,
  RequirementUsageResolver,
  SimilarRequirementResolver,
} from '../modules/requirements/requirements.resolver';
import {
  HandoverResolver,
  PersonHandoverResolver,
  RiskItemResolver,
  SuccessorCandidateResolver,
} from '../modules/succession/succession.resolver';
import { TopicResolver } from '../modules/topics/topics.resolver';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';

/** Every resolver class of the API. */
// type-graphql takes resolver classes as plain functions.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  KommuneResolver,
  OrganizationResolver,
  PersonResolver,
  AffiliationResolver,
  PersonHandoverResolver,
  GroupResolver,
  MembershipResolver,
  ProductResolver,
  ProductAdoptionResolver,
  TopicResolver,
  ExperienceClaimResolver,
  ClaimEndorsementResolver,
  ExpertResolver,
  SearchResolver,
  EvidenceResolver,
  ProcurementResolver,
  ProcurementParticipantResolver,
  RequirementResolver,
  RequirementUsageResolver,
  KommuneRequirementUseResolver,
  SimilarRequirementResolver,
  KnowledgeItemResolver,
  HandoverResolver,
  SuccessorCandidateResolver,
  RiskItemResolver,
  PrivacyResolver,
  AuditEventResolver,
  AuditActorResolver,
  AuditChangeResolver,
  ImportResolver,
  ViewerResolver,
];
