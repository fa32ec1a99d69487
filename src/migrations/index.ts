import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124000000Initial } from './Migration20261124000000Initial';
import { Migration20261124120000Search } from './Migration20261124120000Search';
import { Migration20261124130000SearchOutbox } from './Migration20261124130000SearchOutbox';
import { Migration20261124140000Departures } from './Migration20261124140000Departures';
import { Migration20261125000000ExpertEvidence } from './Migration20261125000000ExpertEvidence';
import { Migration20261125100000Audit } from './Migration20261125100000Audit';
import { Migration20261125110000Privacy } from './Migration20261125110000Privacy';
import { Migration20261125120000MembershipOverlapKey } from './Migration20261125120000MembershipOverlapKey';
import { Migration20261126000000RequirementKnowledge } from './Migration20261126000000RequirementKnowledge';
import { Migration20261126100000RequirementImport } from './Migration20261126100000RequirementImport';
import { Migration20261126200000UsagePerKommune } from './Migration20261126200000UsagePerKommune';
import { Migration20261206000000SeedRecord } from './Migration20261206000000SeedRecord';
import { Migration20261206043000ProductNames } from './Migration20261206043000ProductNames';
import { Migration20261206050000SearchNames } from './Migration20261206050000SearchNames';
import { Migration20261206110000EmailAnyCase } from './Migration20261206110000EmailAnyCase';
import { Migration20261206120000ErasureTombstone } from './Migration20261206120000ErasureTombstone';
import { Migration20261206130000SearchOutboxCompleteness } from './Migration20261206130000SearchOutboxCompleteness';
import { Migration20261206180000ScaleOut } from './Migration20261206180000ScaleOut';
import { Migration20261206190000SearchTopicLinks } from './Migration20261206190000SearchTopicLinks';
import { Migration20261206200000SearchTitleIndex } from './Migration20261206200000SearchTitleIndex';
import { Migration20261206220000MembershipPersonLookup } from './Migration20261206220000MembershipPersonLookup';
import { Migration20261206220100ExpertTermRefreshInPlace } from './Migration20261206220100ExpertTermRefreshInPlace';
import { Migration20261206230000SearchVocabularyChanges } from './Migration20261206230000SearchVocabularyChanges';
import { Migration20261207030000TopicLinkOrder } from './Migration20261207030000TopicLinkOrder';

/**
 * The committed migrations, in order. They are listed here rather than found on disk so that the
 * same list works from TypeScript (tests) and from the compiled server. Add new ones at the end.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261124000000Initial', class: Migration20261124000000Initial },
  { name: 'Migration20261124120000Search', class: Migration20261124120000Search },
  { name: 'Migration20261124130000SearchOutbox', class: Migration20261124130000SearchOutbox },
  { name: 'Migration20261124140000Departures', class: Migration20261124140000Departures },
  {
    name: 'Migration20261125000000ExpertEvidence',
    class: Migration20261125000000ExpertEvidence,
  },
  { name: 'Migration20261125100000Audit', class: Migration20261125100000Audit },
  { name: 'Migration20261125110000Privacy', class: Migration20261125110000Privacy },
  {
    name: 'Migration20261125120000MembershipOverlapKey',
    class: Migration20261125120000MembershipOverlapKey,
  },
  {
    name: 'Migration20261126000000RequirementKnowledge',
    class: Migration20261126000000RequirementKnowledge,
  },
  {
    name: 'Migration20261126100000RequirementImport',
    class: Migration20261126100000RequirementImport,
  },
  {
    name: 'Migration20261126200000UsagePerKommune',
    class: Migration20261126200000UsagePerKommune,
  },
  { name: 'Migration20261206000000SeedRecord', class: Migration20261206000000SeedRecord },
  { name: 'Migration20261206043000ProductNames', class: Migration20261206043000ProductNames },
  { name: 'Migration20261206050000SearchNames', class: Migration20261206050000SearchNames },
  { name: 'Migration20261206110000EmailAnyCase', class: Migration20261206110000EmailAnyCase },
  {
    name: 'Migration20261206120000ErasureTombstone',
    class: Migration20261206120000ErasureTombstone,
  },
  {
    name: 'Migration20261206130000SearchOutboxCompleteness',
    class: Migration20261206130000SearchOutboxCompleteness,
  },
  { name: 'Migration20261206180000ScaleOut', class: Migration20261206180000ScaleOut },
  {
    name: 'Migration20261206190000SearchTopicLinks',
    class: Migration20261206190000SearchTopicLinks,
  },
  {
    name: 'Migration20261206200000SearchTitleIndex',
    class: Migration20261206200000SearchTitleIndex,
  },
  {
    name: 'Migration20261206220000MembershipPersonLookup',
    class: Migration20261206220000MembershipPersonLookup,
  },
  {
    name: 'Migration20261206220100ExpertTermRefreshInPlace',
    class: Migration20261206220100ExpertTermRefreshInPlace,
  },
  {
    name: 'Migration20261206230000SearchVocabularyChanges',
    class: Migration20261206230000SearchVocabularyChanges,
  },
  { name: 'Migration20261207030000TopicLinkOrder', class: Migration20261207030000TopicLinkOrder },
];
