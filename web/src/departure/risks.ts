import type { DeparturePersonQuery, DepartureRiskQuery } from '../gql/graphql';

type Person = Pick<DeparturePersonQuery['person'], 'id' | 'memberships'>;
type RiskItem = DepartureRiskQuery['knowledgeAtRisk'][number];

/** What a risk item is about, in words. */
export function subjectName(subject: RiskItem['subject']): string {
  switch (subject.__typename) {
    case 'Group':
    case 'Product':
      return subject.name;
    case 'Topic':
      return subject.labelDa;
    case 'Membership':
      return subject.group.name;
    case 'ExperienceClaim':
      return subject.topic.labelDa;
    default:
      return '';
  }
}

/**
 * The items of knowledge at risk that concern the leaver: those that name them, and their groups
 * that already lack a coordinator. The API scopes by kommune, not by person, so the rest is
 * filtered here.
 */
export function risksOf(items: readonly RiskItem[], person: Person): RiskItem[] {
  const groups = new Set(person.memberships.map((membership) => membership.group.id));
  return items.filter(
    (item) =>
      item.people.some((each) => each.id === person.id) ||
      (item.subject.__typename === 'Group' &&
        item.kind === 'GROUP_WITHOUT_COORDINATOR' &&
        groups.has(item.subject.id)),
  );
}
