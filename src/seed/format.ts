/**
 * The shape of the seed files in `seeds/`. They are data, not code: the seeder reads them and
 * adds each thing by its natural key (kommune code, product slug, topic slug, organisation slug,
 * person key, group slug, knowledge key …) when it never added it before. What it added and was
 * since changed, ended or erased through the API or an import is left alone (see `seed()`), so
 * running it again changes nothing the users did.
 *
 * Dates are ISO `YYYY-MM-DD`. Where a source gives only a year or a month, the first day of it.
 */

/** `seeds/kommuner.json`: the 98 kommuner. */
export interface KommuneSeed {
  code: string;
  name: string;
  officialName: string;
  region: string;
  regionCode: string;
}

/** `seeds/os2-products.json`: the OS2 products; `topics` are tags mapped through `topics.json`. */
export interface ProductSeed {
  slug: string;
  name: string;
  /** The product's name in English, where it has one ("Role catalogue"). */
  nameEn?: string;
  /** Other names for it, Danish and English ("SOFD", "role catalog"). */
  aliases?: string[];
  summary: string;
  summaryDa: string;
  repository: string | null;
  category: string;
  topics: string[];
}

/** `seeds/topics.json`. */
export interface TopicsFile {
  topics: TopicSeed[];
  /** Every product tag used in `os2-products.json` → the topic slugs it stands for. */
  productTags: Record<string, string[]>;
}

export interface TopicSeed {
  slug: string;
  kind:
    | 'PROCUREMENT'
    | 'REQUIREMENT'
    | 'ARCHITECTURE'
    | 'GOVERNANCE'
    | 'DOMAIN'
    | 'TECHNOLOGY'
    | 'METHOD';
  labelDa: string;
  labelEn: string;
  aliases: string[];
  description?: string;
  kleNumber?: string;
  parent?: string;
}

/** `seeds/network.json`: the network the source documents describe. */
export interface NetworkFile {
  organizations: OrganizationSeed[];
  people: PersonSeed[];
  groups: GroupSeed[];
  adoptions: AdoptionSeed[];
  products: ProductFactsSeed[];
  claims: ClaimSeed[];
  knowledge: KnowledgeSeed[];
  procurements: ProcurementSeed[];
  requirements: RequirementSeed[];
  /** How kommuner used requirements of the demo catalogue (`seeds/requirements.json`). */
  catalogueUsages?: CatalogueUsageSeed[];
}

/**
 * Where a fact comes from, kept in the seed files for their readers (the seed does not store it):
 * `source` names the source document (the file name of the OS2 blog post, e.g. "000_cc0ee614e119ced7.txt");
 * `illustrative` says what the demo made up and why, where the documents do not say it.
 */
export interface Provenance {
  source?: string;
  illustrative?: string;
}

export interface OrganizationSeed extends Provenance {
  slug: string;
  name: string;
  kind: 'SECRETARIAT' | 'SUPPLIER' | 'AGENCY' | 'ASSOCIATION' | 'REGION' | 'CONSULTANCY' | 'OTHER';
  description?: string;
  website?: string;
}

export interface PersonSeed extends Provenance {
  /** Stable key, e.g. "lars-lyngsoe-hojberg"; stored as the person's externalId "seed:<key>". */
  key: string;
  name: string;
  title?: string;
  bio?: string;
  email?: string;
  languages?: string[];
  openToQuestions?: boolean;
  affiliations: AffiliationSeed[];
}

export interface AffiliationSeed extends Provenance {
  /** Kommune code, e.g. "0706" (give this or `organization`). */
  kommune?: string;
  /** Organisation slug (give this or `kommune`). */
  organization?: string;
  title?: string;
  unit?: string;
  validFrom: string;
  validTo?: string;
}

export interface GroupSeed extends Provenance {
  slug: string;
  name: string;
  kind:
    | 'STYREGRUPPE'
    | 'KOORDINATIONSGRUPPE'
    | 'PROJEKTGRUPPE'
    | 'KRAVREDAKTION'
    | 'NETVAERK'
    | 'ARBEJDSGRUPPE';
  description?: string;
  /** Product slug. */
  product?: string;
  topics?: string[];
  validFrom: string;
  validTo?: string;
  members: MemberSeed[];
}

export interface MemberSeed extends Provenance {
  /** Person key. */
  person: string;
  role:
    'FORMAND' | 'TOVHOLDER' | 'KOORDINATOR' | 'MEDLEM' | 'SEKRETAER' | 'LEVERANDOERREPRAESENTANT';
  /** Kommune code the member represents. */
  representingKommune?: string;
  /** Organisation slug the member represents. */
  representingOrganization?: string;
  validFrom: string;
  validTo?: string;
  note?: string;
}

export interface AdoptionSeed extends Provenance {
  kommune: string;
  product: string;
  status: 'INTERESTED' | 'FUNDING' | 'SIGNED' | 'IN_PRODUCTION' | 'LEFT';
  validFrom: string;
  validTo?: string;
  note?: string;
}

/** Facts about products the documents give: lifecycle stage and suppliers. */
export interface ProductFactsSeed {
  product: string;
  stage?: 'IDEA' | 'CROWDFUNDING' | 'TILSLUTNINGSAFTALE' | 'DEVELOPMENT' | 'OPERATION' | 'RETIRED';
  suppliers?: string[];
}

export interface ClaimSeed extends Provenance {
  person: string;
  topic: string;
  level: 'BASIC' | 'WORKING' | 'EXPERT';
  narrative: string;
  validFrom?: string;
  validTo?: string;
  product?: string;
  group?: string;
}

export interface KnowledgeSeed extends Provenance {
  /** Stable key; stored as the item's externalId "seed:<key>". */
  key: string;
  kind: 'NOTE' | 'LESSON' | 'DECISION' | 'DOCUMENT' | 'HANDOVER_NOTE' | 'EVENT';
  title: string;
  body: string;
  url?: string;
  occurredOn?: string;
  authors: string[];
  topics: string[];
  product?: string;
  group?: string;
  kommune?: string;
}

export interface ProcurementSeed extends Provenance {
  key: string;
  title: string;
  description?: string;
  year?: number;
  procedure: 'UDBUD' | 'MINIUDBUD' | 'MARKEDSDIALOG' | 'DIREKTE_TILDELING';
  status: 'PLANNED' | 'RUNNING' | 'AWARDED' | 'CANCELLED' | 'COMPLETED';
  lessonsLearned?: string;
  kommuner: string[];
  products: string[];
  suppliers: string[];
  winner?: string;
  topics: string[];
  participants: {
    person: string;
    role:
      | 'PROJECT_LEAD'
      | 'PROCUREMENT_CONSULTANT'
      | 'REQUIREMENTS_AUTHOR'
      | 'EVALUATOR'
      | 'LEGAL_ADVISOR'
      | 'ARCHITECT'
      | 'SUPPLIER_CONTACT'
      | 'PARTICIPANT';
    kommune?: string;
    note?: string;
  }[];
}

export interface RequirementSeed {
  key: string;
  title: string;
  text: string;
  rationale?: string;
  category?: string;
  importance: 'OPTIONAL' | 'NORMAL' | 'HIGH' | 'ABSOLUTE';
  kind: 'FUNCTIONAL' | 'NON_FUNCTIONAL';
  sharing: 'LOCAL' | 'PROPOSED' | 'SHARED';
  owningKommune?: string;
  topics: string[];
  authors: string[];
  usages: { procurement?: string; kommune?: string; outcome?: string; lessons?: string }[];
}

/** A kommune's use of a requirement of the demo catalogue, in a procurement of the network. */
export interface CatalogueUsageSeed extends Provenance {
  /** The requirement's id in `seeds/requirements.json`, e.g. "kravmotor:1007". */
  requirement: string;
  /** Procurement key. */
  procurement?: string;
  /** Kommune code of the kommune that used it. */
  kommune: string;
  outcome?: string;
  lessons?: string;
}
