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

/** What a handover of a risk item gives the successor: a topic, product or group, by its ID. */
export interface RiskHandover {
  field: 'topicId' | 'productId' | 'groupId';
  id: string;
}

/**
 * The handover that answers a risk, if one can: knowledge of a topic, product or group that rests
 * on the leaver alone can go to a successor, who becomes the one to ask.
 */
export function riskHandover(item: RiskItem): RiskHandover | null {
  if (item.kind !== 'BUS_FACTOR_ONE') return null;
  switch (item.subject.__typename) {
    case 'Topic':
      return { field: 'topicId', id: item.subject.id };
    case 'Product':
      return { field: 'productId', id: item.subject.id };
    case 'Group':
      return { field: 'groupId', id: item.subject.id };
    default:
      return null;
  }
}

/** A risk item's key among the page's choices and errors. */
export const riskKey = (item: RiskItem) => `${item.kind}:${item.subject.id}`;
