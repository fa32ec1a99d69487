import { EvidenceKind } from './evidence';
import type { EvidenceRow } from './experts.service';

const ROLE_DA: Record<string, string> = {
  FORMAND: 'Formand',
  TOVHOLDER: 'Tovholder',
  KOORDINATOR: 'Koordinator',
  MEDLEM: 'Medlem',
  SEKRETAER: 'Sekretær',
  LEVERANDOERREPRAESENTANT: 'Leverandørrepræsentant',
  PROJECT_LEAD: 'Projektleder',
  REQUIREMENTS_AUTHOR: 'Kravforfatter',
  PROCUREMENT_CONSULTANT: 'Udbudskonsulent',
  ARCHITECT: 'Arkitekt',
  EVALUATOR: 'Evaluator',
  LEGAL_ADVISOR: 'Juridisk rådgiver',
  SUPPLIER_CONTACT: 'Leverandørkontakt',
  PARTICIPANT: 'Deltager',
};
const LEVEL_DA: Record<string, string> = {
  BASIC: 'grundlæggende',
  WORKING: 'praktisk',
  EXPERT: 'indgående',
};
const KNOWLEDGE_DA: Record<string, string> = {
  LESSON: 'erfaringen',
  DECISION: 'beslutningen',
  DOCUMENT: 'dokumentet',
  NOTE: 'noten',
  HANDOVER_NOTE: 'overdragelsesnoten',
  EVENT: 'om begivenheden',
};

function period(row: EvidenceRow): string {
  const from = row.validFrom?.slice(0, 4);
  const to = row.validTo ? row.validTo.slice(0, 4) : 'nu';
  if (!from) return '';
  return from === to ? ` (${from})` : ` (${from}–${to})`;
}

/** "a", "a og b", "a, b og c". */
function listDa(items: string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;
}

/** What of the query a piece of evidence matched: "; matcher emnet Udbud og »fagsystem«". */
function matchedNote(row: EvidenceRow): string {
  // A word that a matched topic or product stands for is said by naming that.
  const named = new Set(
    row.matched.filter((term) => term.kind !== 'WORD').flatMap((term) => term.words ?? []),
  );
  const said = row.matched.filter(
    (term) => term.kind !== 'WORD' || !(term.words ?? []).every((word) => named.has(word)),
  );
  const labels = said.map((term) =>
    term.kind === 'TOPIC'
      ? `emnet ${term.label}`
      : term.kind === 'PRODUCT'
        ? term.label
        : term.partly
          ? `en del af »${term.label}«`
          : `»${term.label}«`,
  );
  return labels.length ? `; matcher ${listDa([...new Set(labels)])}` : '';
}

/**
 * Why a piece of evidence counts, in the words a user in a kommune would use, ending with what of
 * the query it matched; without matched terms (a requirement's `peopleToAsk`), `topicNote` is
 * added when the evidence is tied to a topic asked about.
 */
export function evidenceReason(row: EvidenceRow, topicNote = '; emnet du søger på'): string {
  const topic = row.matched.length ? matchedNote(row) : row.topicMatch ? topicNote : '';
  switch (row.kind) {
    case EvidenceKind.CLAIM: {
      const endorsements = Number(row.detail ?? 0);
      const endorsed =
        endorsements > 0
          ? `, anbefalet af ${endorsements} ${endorsements === 1 ? 'kollega' : 'kolleger'}`
          : '';
      return `Angiver ${LEVEL_DA[row.role ?? ''] ?? ''} erfaring med ${row.subjectName}${period(row)}${endorsed}${topic}`;
    }
    case EvidenceKind.MEMBERSHIP: {
      // "Koordinationsgruppen for OS2kle" names OS2KLE already, whatever the case.
      const product =
        row.detail && !row.subjectName.toLowerCase().includes(row.detail.toLowerCase())
          ? ` for ${row.detail}`
          : '';
      return `${ROLE_DA[row.role ?? ''] ?? 'Medlem'} i ${row.subjectName}${product}${period(row)}${topic}`;
    }
    case EvidenceKind.PROCUREMENT: {
      const year = row.detail ? ` (${row.detail})` : '';
      return `${ROLE_DA[row.role ?? ''] ?? 'Deltager'} i anskaffelsen ${row.subjectName}${year}${topic}`;
    }
    case EvidenceKind.REQUIREMENT: {
      const usages = Number(row.detail ?? 0);
      const used =
        usages > 0 ? `, brugt i ${usages} ${usages === 1 ? 'anskaffelse' : 'anskaffelser'}` : '';
      return `Har skrevet kravet »${row.subjectName}«${used}${topic}`;
    }
    case EvidenceKind.KNOWLEDGE:
      return `Har delt ${KNOWLEDGE_DA[row.role ?? ''] ?? 'viden'} »${row.subjectName}«${period(row)}${topic}`;
  }
}

/** How a piece of evidence concerns the requirement `peopleToAsk` ranks people for. */
export type RequirementLink = 'AUTHOR' | 'USED' | 'NOTE';

const LINK_DA: Record<RequirementLink, string> = {
  // Authorship names the requirement already.
  AUTHOR: '',
  USED: '; kravet blev brugt her',
  NOTE: '; noten handler om kravet',
};

/** Why a piece of evidence makes someone worth asking about a requirement. */
export function requirementEvidenceReason(row: EvidenceRow, link: RequirementLink | null): string {
  return evidenceReason(row, '; samme emne som kravet') + (link ? LINK_DA[link] : '');
}
