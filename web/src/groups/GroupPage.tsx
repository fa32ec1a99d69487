import { useQuery } from '@apollo/client/react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isMissing } from '../app/missing';
import { usePageTitle } from '../app/usePageTitle';
import { useToken } from '../auth/session';
import { graphql } from '../gql';
import type { GroupPageQuery } from '../gql/graphql';
import { danishDate, ROLE_LABELS } from '../person/person.texts';
import { RiskItemList } from '../risk/RiskItemList';
import { BusFactorBadge } from './BusFactorBadge';
import { groupKindLabel, ROLE_HEADINGS, TEXT } from './groups.texts';
import { SuccessorFinder } from './SuccessorFinder';
import './groups.css';

/** A seat as the group page shows it; who sits there only for signed-in viewers. */
export const SeatFields = graphql(`
  fragment SeatFields on Membership {
    id
    role
    validFrom
    validTo
    person @include(if: $signedIn) {
      id
      name
      status
    }
    representingKommune {
      id
      name
    }
    representingOrganization {
      id
      name
    }
  }
`);

const GroupQuery = graphql(`
  query GroupPage($id: ID!, $signedIn: Boolean!) {
    group(id: $id) {
      id
      name
      kind
      description
      validFrom
      validTo
      isCurrent
      busFactor
      product {
        id
        name
      }
      topics {
        id
        labelDa
      }
      activeCoordinator {
        ...SeatFields
      }
      members {
        ...SeatFields
      }
      formerMembers {
        ...SeatFields
      }
      seats: members(period: ALL) {
        ...SeatFields
      }
      knowledge @include(if: $signedIn) {
        id
        title
        kind
        occurredOn
      }
    }
    knowledgeAtRisk(scope: { groupId: $id }) @include(if: $signedIn) {
      ...RiskItemFields
    }
  }
`);

type Group = GroupPageQuery['group'];
type Seat = Group['members'][number];

/** `/grupper/:id`: who sits in the group by role, who sat there, what rests on whom, and afløsere. */
export function GroupPage() {
  const { id = '' } = useParams();
  const signedIn = Boolean(useToken());
  const { data, loading, error } = useQuery(GroupQuery, { variables: { id, signedIn } });
  const group = data?.group;
  usePageTitle(group?.name ?? (loading ? '' : TEXT.notFound));

  if (loading && !group) return <p role="status">{TEXT.loadingGroup}</p>;
  if (!group) {
    return (
      <>
        <h1>{!error || isMissing(error) ? TEXT.notFound : TEXT.failedGroup}</h1>
        <p>
          <Link to="/grupper">{TEXT.backToList}</Link>
        </p>
      </>
    );
  }
  return <GroupProfile group={group} signedIn={signedIn} risks={data?.knowledgeAtRisk ?? []} />;
}

function GroupProfile({
  group,
  signedIn,
  risks,
}: {
  group: Group;
  signedIn: boolean;
  risks: NonNullable<GroupPageQuery['knowledgeAtRisk']>;
}) {
  const coordinator = group.activeCoordinator;
  return (
    <article className="app-group">
      <p className="app-back">
        <Link to="/grupper">{TEXT.backToList}</Link>
      </p>
      <h1>{group.name}</h1>
      <p className="font-lead">
        {groupKindLabel(group.kind)}
        {group.product && (
          <>
            {' · '}
            <Link to={`/produkter/${encodeURIComponent(group.product.id)}`}>
              {group.product.name}
            </Link>
          </>
        )}
      </p>
      {group.description && <p>{group.description}</p>}
      <p>
        {group.validTo
          ? TEXT.dissolvedOn(danishDate(group.validTo))
          : TEXT.activeSince(danishDate(group.validFrom))}
      </p>
      {group.topics.length > 0 && (
        <p>
          <strong>{TEXT.topics}:</strong> {group.topics.map((topic) => topic.labelDa).join(', ')}
        </p>
      )}

      <dl className="app-facts">
        <div>
          <dt>{TEXT.busFactorTitle}</dt>
          <dd>
            <BusFactorBadge value={group.busFactor} />
            <span className="app-facts-help">{TEXT.busFactorHelp}</span>
          </dd>
        </div>
        <div>
          <dt>{TEXT.coordinatorTitle}</dt>
          <dd>
            {coordinator ? (
              <>
                {ROLE_LABELS[coordinator.role]}
                {coordinator.person && (
                  <>
                    {': '}
                    <Link to={`/personer/${encodeURIComponent(coordinator.person.id)}`}>
                      {coordinator.person.name}
                    </Link>
                  </>
                )}
              </>
            ) : (
              TEXT.noCoordinator
            )}
          </dd>
        </div>
      </dl>
      {group.isCurrent && group.busFactor <= 1 && (
        <div className="alert alert-warning">
          <div className="alert-body">
            <p className="alert-text">
              {group.busFactor === 1 ? TEXT.restsOnOne : TEXT.restsOnNobody}
            </p>
          </div>
        </div>
      )}

      <h2>{TEXT.members}</h2>
      {!signedIn && (
        <div className="alert alert-info">
          <div className="alert-body">
            <p className="alert-text">
              {TEXT.signInForPeople} <Link to="/log-ind">{TEXT.signIn}</Link>
            </p>
          </div>
        </div>
      )}
      {group.members.length === 0 ? (
        <p>{TEXT.noMembers}</p>
      ) : (
        <SeatsByRole seats={group.members} signedIn={signedIn} />
      )}

      {signedIn && (
        <section aria-labelledby="group-risk">
          <h2 id="group-risk">{TEXT.atRisk}</h2>
          {risks.length === 0 ? <p>{TEXT.noRisk}</p> : <RiskItemList items={risks} />}
          <p>
            <Link to={`/viden-i-fare?gruppe=${encodeURIComponent(group.id)}`}>{TEXT.allRisks}</Link>
          </p>
        </section>
      )}

      <h2>{TEXT.formerMembers}</h2>
      {group.formerMembers.length === 0 ? (
        <p>{TEXT.noFormerMembers}</p>
      ) : (
        <ul>
          {group.formerMembers.map((seat) => (
            <li key={seat.id}>
              <SeatPerson seat={seat} />, {(ROLE_LABELS[seat.role] ?? seat.role).toLowerCase()} (
              {TEXT.period(danishDate(seat.validFrom), seat.validTo && danishDate(seat.validTo))})
            </li>
          ))}
        </ul>
      )}

      <h2>{TEXT.history}</h2>
      <SeatHistory seats={group.seats} />

      {group.knowledge && (
        <>
          <h2>{TEXT.knowledge}</h2>
          {group.knowledge.length === 0 ? (
            <p>{TEXT.noKnowledge}</p>
          ) : (
            <ul>
              {group.knowledge.map((item) => (
                <li key={item.id}>
                  {item.title}
                  {item.occurredOn && ` (${danishDate(item.occurredOn)})`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </article>
  );
}

/** The current seats under a heading per role; each seat can open its search for an afløser. */
function SeatsByRole({ seats, signedIn }: { seats: Seat[]; signedIn: boolean }) {
  const [params, setParams] = useSearchParams();
  const open = params.get('afloeser');
  const toggle = (seatId: string) => {
    const next = new URLSearchParams(params);
    if (open === seatId) next.delete('afloeser');
    else next.set('afloeser', seatId);
    setParams(next, { replace: true, preventScrollReset: true });
  };
  return (
    <>
      {ROLE_HEADINGS.map(([role, heading]) => {
        const holders = seats.filter((seat) => seat.role === role);
        if (holders.length === 0) return null;
        return (
          <section key={role} aria-labelledby={`role-${role}`}>
            <h3 id={`role-${role}`} className="h4">
              {heading}
            </h3>
            <ul className="unstyled-list app-seats">
              {holders.map((seat) => {
                const panelId = `afloeser-${seat.id.replace(/[^\w-]/g, '')}`;
                const name = seat.person?.name ?? '';
                const roleLabel = (ROLE_LABELS[seat.role] ?? seat.role).toLowerCase();
                return (
                  <li key={seat.id} className="app-seat">
                    <div className="app-seat-head">
                      <p className="app-seat-who">
                        <SeatPerson seat={seat} />
                        <span className="app-seat-meta">
                          {[
                            seat.representingKommune?.name ?? seat.representingOrganization?.name,
                            TEXT.since(danishDate(seat.validFrom)),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </span>
                      </p>
                      {signedIn && (
                        <button
                          type="button"
                          className="button button-secondary app-seat-action"
                          aria-expanded={open === seat.id}
                          aria-controls={panelId}
                          onClick={() => toggle(seat.id)}
                        >
                          {open === seat.id ? TEXT.hideSuccessor : TEXT.findSuccessor}
                          {name && <span className="sr-only">{TEXT.forPerson(name)}</span>}
                        </button>
                      )}
                    </div>
                    {signedIn && open === seat.id && (
                      <SuccessorFinder
                        id={panelId}
                        membershipId={seat.id}
                        title={
                          name
                            ? TEXT.candidatesTitle(name, roleLabel)
                            : TEXT.candidatesTitleAnonymous(roleLabel)
                        }
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** The person in a seat, linked, or "Et medlem" when the viewer may not see who. */
function SeatPerson({ seat }: { seat: Seat }) {
  if (!seat.person) return <>{TEXT.hiddenPerson}</>;
  return (
    <>
      <Link to={`/personer/${encodeURIComponent(seat.person.id)}`}>{seat.person.name}</Link>
      {seat.person.status === 'LEFT' && <span className="badge app-tag">{TEXT.left}</span>}
    </>
  );
}

/** Every seat the group has had, newest first. */
function SeatHistory({ seats }: { seats: Seat[] }) {
  const sorted = [...seats].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  return (
    <table className="table table--responsive-headers table--compact app-table">
      <caption className="sr-only">{TEXT.historyCaption}</caption>
      <thead>
        <tr>
          <th scope="col">{TEXT.person}</th>
          <th scope="col">{TEXT.role}</th>
          <th scope="col">{TEXT.representingColumn}</th>
          <th scope="col">{TEXT.from}</th>
          <th scope="col">{TEXT.to}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((seat) => (
          <tr key={seat.id}>
            <td data-title={TEXT.person}>
              <SeatPerson seat={seat} />
            </td>
            <td data-title={TEXT.role}>{ROLE_LABELS[seat.role] ?? seat.role}</td>
            <td data-title={TEXT.representingColumn}>
              {seat.representingKommune ? (
                <Link to={`/kommuner/${encodeURIComponent(seat.representingKommune.id)}`}>
                  {seat.representingKommune.name}
                </Link>
              ) : (
                (seat.representingOrganization?.name ?? '–')
              )}
            </td>
            <td data-title={TEXT.from}>{danishDate(seat.validFrom)}</td>
            <td data-title={TEXT.to}>{seat.validTo ? danishDate(seat.validTo) : TEXT.now}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
