import { Fragment } from 'react';
import { Link } from 'react-router';
import { graphql } from '../gql';
import type { RiskItemFieldsFragment } from '../gql/graphql';
import { ROLE_LABELS } from '../person/person.texts';
import { KIND_LABELS, severityOf, TEXT } from './risk.texts';

/** What each page that lists knowledge at risk reads of an item. */
export const RiskItemFields = graphql(`
  fragment RiskItemFields on RiskItem {
    kind
    reason
    subject {
      __typename
      id
      ... on Topic {
        labelDa
      }
      ... on Product {
        name
      }
      ... on Group {
        name
      }
      ... on Membership {
        role
        group {
          id
          name
        }
      }
      ... on ExperienceClaim {
        topic {
          id
          labelDa
        }
      }
    }
    people {
      id
      name
      status
    }
    suggestedSuccessors {
      id
      name
    }
  }
`);

/** The one key of an item: the same item found through two scopes is the same item. */
export function riskKey(item: RiskItemFieldsFragment): string {
  return `${item.kind}:${item.subject.id}`;
}

/** Items at risk, each with its severity, what it is about, who it rests on and who could take over. */
export function RiskItemList({
  items,
  headingLevel = 3,
}: {
  items: RiskItemFieldsFragment[];
  headingLevel?: 3 | 4;
}) {
  return (
    <ul className="unstyled-list app-risks">
      {items.map((item) => (
        <li key={riskKey(item)} className={`app-risk app-risk-${severityOf(item.kind).key}`}>
          <RiskItemCard item={item} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}

function RiskItemCard({
  item,
  headingLevel,
}: {
  item: RiskItemFieldsFragment;
  headingLevel: 3 | 4;
}) {
  const severity = severityOf(item.kind);
  const Heading = `h${headingLevel}` as const;
  const seat = item.subject.__typename === 'Membership' ? item.subject : null;
  return (
    <article>
      <p className="app-risk-kind">
        <span className={`badge ${severity.badge}`}>{severity.label}</span>{' '}
        {KIND_LABELS[item.kind] ?? item.kind}
      </p>
      <Heading className="h4 app-risk-subject">
        <SubjectLink subject={item.subject} />
      </Heading>
      <p>{item.reason}.</p>
      {item.people.length > 0 && (
        <p>
          {item.kind === 'BUS_FACTOR_ONE' ? TEXT.restsOn : TEXT.wasHeldBy}:{' '}
          <PeopleLinks people={item.people} />
        </p>
      )}
      <p>
        {TEXT.successors}:{' '}
        {item.suggestedSuccessors.length > 0 ? (
          <PeopleLinks people={item.suggestedSuccessors} />
        ) : (
          TEXT.noSuccessors
        )}
      </p>
      {seat && seat.group && (
        <p>
          <Link
            to={`/grupper/${encodeURIComponent(seat.group.id)}?afloeser=${encodeURIComponent(seat.id)}`}
          >
            {TEXT.findSuccessor}
          </Link>
        </p>
      )}
    </article>
  );
}

function SubjectLink({ subject }: { subject: RiskItemFieldsFragment['subject'] }) {
  switch (subject.__typename) {
    case 'Group':
      return <Link to={`/grupper/${encodeURIComponent(subject.id)}`}>{subject.name}</Link>;
    case 'Product':
      return <Link to={`/produkter/${encodeURIComponent(subject.id)}`}>{subject.name}</Link>;
    case 'Topic':
      return <Link to={`/?q=${encodeURIComponent(subject.labelDa)}`}>{subject.labelDa}</Link>;
    case 'Membership':
      return (
        <Link to={`/grupper/${encodeURIComponent(subject.group.id)}`}>
          {TEXT.seatIn(ROLE_LABELS[subject.role] ?? subject.role, subject.group.name)}
        </Link>
      );
    case 'ExperienceClaim':
      return <>{TEXT.claimOn(subject.topic.labelDa)}</>;
    default:
      return <>{subject.id}</>;
  }
}

function PeopleLinks({ people }: { people: { id: string; name: string; status?: string }[] }) {
  return (
    <>
      {people.map((person, index) => (
        <Fragment key={person.id}>
          {index > 0 && ', '}
          <Link to={`/personer/${encodeURIComponent(person.id)}`}>{person.name}</Link>
          {person.status === 'LEFT' && ` (${TEXT.left})`}
        </Fragment>
      ))}
    </>
  );
}
