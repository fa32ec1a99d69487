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
  PersonClaimsResolver,
  TopicClaimsResolver,
} from '../modules/claims/claims.resolver';
import { EvidenceResolver, ExpertResolver } from '../modules/experts/experts.resolver';
import { RequirementExpertsResolver } from '../modules/experts/requirement-experts.resolver';
import {
  GroupResolver,
  KommuneGroupsResolver,
  MembershipResolver,
} from '../modules/groups/groups.resolver';
import { ImportResolver } from '../modules/imports/imports.resolver';
import {
  GroupKnowledgeResolver,
  KnowledgeItemResolver,
  PersonKnowledgeResolver,
  ProcurementKnowledgeResolver,
  ProductKnowledgeResolver,
  RequirementKnowledgeResolver,
} from '../modules/knowledge/knowledge.resolver';
import { KommuneResolver, OrganizationResolver } from '../modules/kommuner/kommuner.resolver';
import { NodeResolver } from '../modules/nodes/nodes.resolver';
import { PrivacyResolver } from '../modules/privacy/privacy.resolver';
import {
  AffiliationResolver,
  KommunePeopleResolver,
  PersonResolver,
} from '../modules/people/people.resolver';
import {
  PersonProcurementsResolver,
  ProcurementParticipantResolver,
  ProcurementResolver,
} from '../modules/procurements/procurements.resolver';
import { ProductAdoptionResolver, ProductResolver } from '../modules/products/products.resolver';
import {
  KommuneRequirementsResolver,
  KommuneRequirementUseResolver,
  PersonRequirementsResolver,
  RequirementResolver,
  RequirementUsageResolver,
  SimilarRequirementResolver,
} from '../modules/requirements/requirements.resolver';
import {
  ExpertHitSuccessorsResolver,
  GroupBusFactorResolver,
  HandoverResolver,
  PersonHandoverResolver,
  ProductBusFactorResolver,
  RiskItemResolver,
  SuccessorCandidateResolver,
  TopicBusFactorResolver,
} from '../modules/succession/succession.resolver';
import { TopicResolver } from '../modules/topics/topics.resolver';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';

/**
 * Every resolver class of the API. A module adds its own fields to other modules' types with a
 * resolver of its own (e.g. `GroupKnowledgeResolver` gives `Group` its `knowledge`).
 */
// type-graphql takes resolver classes as plain functions.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  KommuneResolver,
  OrganizationResolver,
  PersonResolver,
  AffiliationResolver,
  KommunePeopleResolver,
  PersonHandoverResolver,
  GroupResolver,
  MembershipResolver,
  KommuneGroupsResolver,
  ProductResolver,
  ProductAdoptionResolver,
  TopicResolver,
  ExperienceClaimResolver,
  ClaimEndorsementResolver,
  PersonClaimsResolver,
  TopicClaimsResolver,
  ExpertResolver,
  SearchResolver,
  EvidenceResolver,
  RequirementExpertsResolver,
  ProcurementResolver,
  ProcurementParticipantResolver,
  PersonProcurementsResolver,
  RequirementResolver,
  RequirementUsageResolver,
  KommuneRequirementUseResolver,
  KommuneRequirementsResolver,
  SimilarRequirementResolver,
  PersonRequirementsResolver,
  KnowledgeItemResolver,
  GroupKnowledgeResolver,
  ProductKnowledgeResolver,
  ProcurementKnowledgeResolver,
  RequirementKnowledgeResolver,
  PersonKnowledgeResolver,
  HandoverResolver,
  SuccessorCandidateResolver,
  RiskItemResolver,
  ExpertHitSuccessorsResolver,
  GroupBusFactorResolver,
  ProductBusFactorResolver,
  TopicBusFactorResolver,
  PrivacyResolver,
  AuditEventResolver,
  AuditActorResolver,
  AuditChangeResolver,
  ImportResolver,
  ViewerResolver,
];
