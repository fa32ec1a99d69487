import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { searchHref } from '../search/search-params';
import type { Person } from './PersonPage';
import {
  danishDate,
  KNOWLEDGE_KIND_LABELS,
  PROCUREMENT_ROLE_LABELS,
  PROCUREMENT_STATUS_LABELS,
  ROLE_LABELS,
  SHARING_LABELS,
  TEXT,
} from './person.texts';

const href = {
  person: (id: string) => `/personer/${encodeURIComponent(id)}`,
  group: (id: string) => `/grupper/${encodeURIComponent(id)}`,
  product: (id: string) => `/produkter/${encodeURIComponent(id)}`,
  kommune: (id: string) => `/kommuner/${encodeURIComponent(id)}`,
  requirement: (id: string) => `/krav/${encodeURIComponent(id)}`,
};

/** A section of the person page with a heading, and its empty state when there is nothing. */
function Section({
  id,
  heading,
  empty,
  isEmpty,
  children,
}: {
  id: string;
  heading: string;
  empty: string;
  isEmpty: boolean;
  children?: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="app-section">
      <h2 id={`${id}-heading`}>{heading}</h2>
      {isEmpty ? <p className="app-empty">{empty}</p> : children}
    </section>
  );
}

function period(from: string, to?: string | null) {
  return TEXT.period(danishDate(from), to ? danishDate(to) : null);
}

/** Where the person works and worked: their employments as a timeline, newest first. */
export function PersonTimeline({ person }: { person: Person }) {
  const employments = [...person.affiliations].sort((a, b) =>
    b.validFrom.localeCompare(a.validFrom),
  );
  return (
    <Section
      id="workplaces"
      heading={TEXT.workplaces}
      empty={TEXT.noWorkplaces}
      isEmpty={employments.length === 0}
    >
      <ol className="app-timeline" aria-label={TEXT.timeline}>
        {employments.map((affiliation) => (
          <li
            key={affiliation.id}
            className={`app-timeline-item${affiliation.isCurrent ? ' app-timeline-current' : ''}`}
          >
            <p className="app-timeline-period">
              {period(affiliation.validFrom, affiliation.validTo)}
              {affiliation.isCurrent && (
                <span className="badge badge-success app-tag">{TEXT.now}</span>
              )}
            </p>
            <p className="app-timeline-place">
              {affiliation.kommune ? (
                <Link to={href.kommune(affiliation.kommune.id)}>{affiliation.kommune.name}</Link>
              ) : (
                affiliation.organization?.name
              )}
            </p>
            {(affiliation.title || affiliation.unit) && (
              <p className="app-timeline-role">
                {[affiliation.title, affiliation.unit].filter(Boolean).join(', ')}
              </p>
            )}
          </li>
        ))}
      </ol>
    </Section>
  );
}

type Seat = Person['memberships'][number];

function SeatList({ seats }: { seats: Seat[] }) {
  return (
    <ul className="app-list">
      {seats.map((seat) => {
        const representing = seat.representingKommune?.name ?? seat.representingOrganization?.name;
        return (
          <li key={seat.id}>
            <strong>{ROLE_LABELS[seat.role] ?? seat.role}</strong> i{' '}
            <Link to={href.group(seat.group.id)}>{seat.group.name}</Link> (
            {[
              TEXT.groupKind(seat.group.kind),
              representing && TEXT.representing(representing),
              period(seat.validFrom, seat.validTo),
            ]
              .filter(Boolean)
              .join(', ')}
            )
          </li>
        );
      })}
    </ul>
  );
}

/** The person's seats in groups: those they hold now, and those they held. */
export function PersonSeats({ person }: { person: Person }) {
  const current = person.memberships.filter((seat) => seat.isCurrent);
  const past = person.memberships.filter((seat) => !seat.isCurrent);
  return (
    <section aria-labelledby="seats-heading" className="app-section">
      <h2 id="seats-heading">{TEXT.seats}</h2>
      <h3 className="h5">{TEXT.currentSeats}</h3>
      {current.length === 0 ? (
        <p className="app-empty">{TEXT.noSeats}</p>
      ) : (
        <SeatList seats={current} />
      )}
      <h3 className="h5">{TEXT.pastSeats}</h3>
      {past.length === 0 ? (
        <p className="app-empty">{TEXT.noPastSeats}</p>
      ) : (
        <SeatList seats={past} />
      )}
    </section>
  );
}

/** The procurements the person took part in, with their part. */
export function PersonProcurements({ person }: { person: Person }) {
  const parts = person.procurementParticipations;
  return (
    <Section
      id="procurements"
      heading={TEXT.procurements}
      empty={TEXT.noProcurements}
      isEmpty={parts.length === 0}
    >
      <ul className="app-list">
        {parts.map((part) => {
          const { procurement } = part;
          const kommuner = procurement.kommuner;
          return (
            <li key={part.id}>
              <strong>{procurement.title}</strong>
              {procurement.year && ` (${procurement.year})`}:{' '}
              {[
                PROCUREMENT_ROLE_LABELS[part.role] ?? part.role,
                PROCUREMENT_STATUS_LABELS[procurement.status] ?? procurement.status,
              ].join(', ')}
              {kommuner.length > 0 && (
                <>
                  {' – '}
                  {kommuner.map((kommune, index) => (
                    <span key={kommune.id}>
                      {index > 0 && ', '}
                      <Link to={href.kommune(kommune.id)}>{kommune.name}</Link>
                    </span>
                  ))}
                </>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

/** The requirements the person wrote. */
export function PersonRequirements({ person }: { person: Person }) {
  const written = person.requirementsWritten;
  return (
    <Section
      id="requirements"
      heading={TEXT.requirements}
      empty={TEXT.noRequirements}
      isEmpty={written.length === 0}
    >
      <ul className="app-list">
        {written.map((requirement) => (
          <li key={requirement.id}>
            <Link to={href.requirement(requirement.id)}>{requirement.title}</Link> (
            {[requirement.owningKommune?.name, SHARING_LABELS[requirement.sharing]]
              .filter(Boolean)
              .join(', ')}
            )
          </li>
        ))}
      </ul>
    </Section>
  );
}

/** The knowledge notes the person wrote, each linked to what it is about. */
export function PersonKnowledge({ person }: { person: Person }) {
  const notes = person.authoredKnowledge;
  return (
    <Section
      id="knowledge"
      heading={TEXT.knowledge}
      empty={TEXT.noKnowledge}
      isEmpty={notes.length === 0}
    >
      <ul className="app-list">
        {notes.map((note) => (
          <li key={note.id}>
            <span className="badge">{KNOWLEDGE_KIND_LABELS[note.kind] ?? note.kind}</span>{' '}
            <strong>{note.title}</strong>
            {note.occurredOn && ` (${danishDate(note.occurredOn)})`}
            {note.requirement && (
              <>
                {' – '}
                <Link to={href.requirement(note.requirement.id)}>{note.requirement.title}</Link>
              </>
            )}
            {note.product && (
              <>
                {' – '}
                <Link to={href.product(note.product.id)}>{note.product.name}</Link>
              </>
            )}
            {note.group && (
              <>
                {' – '}
                <Link to={href.group(note.group.id)}>{note.group.name}</Link>
              </>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}

type Handover = Person['handoversGiven'][number] | Person['handoversReceived'][number];

/** What a handover was about: a seat, a group, a product or a topic. */
function handedOverThing(handover: Handover): ReactNode {
  const group = handover.membership?.group ?? handover.group;
  if (group) {
    return (
      <>
        {handover.role && `${ROLE_LABELS[handover.role] ?? handover.role} i `}
        <Link to={href.group(group.id)}>{group.name}</Link>
      </>
    );
  }
  if (handover.product) {
    return <Link to={href.product(handover.product.id)}>{handover.product.name}</Link>;
  }
  if (handover.topic) {
    return (
      <Link to={searchHref({ query: handover.topic.labelDa, topicId: handover.topic.id })}>
        {handover.topic.labelDa}
      </Link>
    );
  }
  return null;
}

/** What the person handed over to others, and what they took over. */
export function PersonHandovers({ person }: { person: Person }) {
  const given = person.handoversGiven;
  const received = person.handoversReceived;
  return (
    <Section
      id="handovers"
      heading={TEXT.handovers}
      empty={TEXT.noHandovers}
      isEmpty={given.length === 0 && received.length === 0}
    >
      {given.length > 0 && (
        <>
          <h3 className="h5">{TEXT.handedOver}</h3>
          <ul className="app-list">
            {given.map((handover) => (
              <li key={handover.id}>
                {handedOverThing(handover)} {TEXT.handoverTo}{' '}
                <Link to={href.person(handover.toPerson.id)}>{handover.toPerson.name}</Link> (
                {danishDate(handover.date)}){handover.note && `: ${handover.note}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {received.length > 0 && (
        <>
          <h3 className="h5">{TEXT.tookOver}</h3>
          <ul className="app-list">
            {received.map((handover) => (
              <li key={handover.id}>
                {handedOverThing(handover)} {TEXT.handoverFrom}{' '}
                <Link to={href.person(handover.fromPerson.id)}>{handover.fromPerson.name}</Link> (
                {danishDate(handover.date)}){handover.note && `: ${handover.note}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

/** For someone who left: who took over, to ask instead. */
export function PersonSuccessors({ person }: { person: Person }) {
  return (
    <section aria-labelledby="successors-heading" className="app-section app-successors">
      <h2 id="successors-heading">{TEXT.successorsHeading}</h2>
      {person.successors.length === 0 ? (
        <p className="app-empty">{TEXT.noSuccessors}</p>
      ) : (
        <>
          <p>{TEXT.successorsIntro(person.name)}</p>
          <ul className="app-list">
            {person.successors.map((successor) => (
              <li key={successor.id}>
                <Link to={href.person(successor.id)}>{successor.name}</Link>
                {successor.title && `, ${successor.title}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
