import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import type { DemoChoices, DemoRequest } from './demo-sign-in';
import { demoChoices, demoToken } from './demo-sign-in';
import { safeReturnPath } from './sign-in-helpers';
import type { SignInConfig } from './session';
import { setToken, signInConfig, startOidcSignIn, useSessionExpired } from './session';
import { TEXT } from './sign-in.texts';

/** How many people the demo sign-in lists at a time; the search box narrows them down. */
const PEOPLE_SHOWN = 8;

/**
 * `/log-ind`: through the organisation's login (OIDC) when the server has an issuer, else the
 * demo sign-in (a button per role, a person of the network, a kommune's editor), else a note that
 * sign-in is not set up. `?til=/path` says where to go afterwards.
 */
export function SignInPage() {
  usePageTitle(TEXT.title);
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get('til'));
  const expired = useSessionExpired();
  const [config, setConfig] = useState<SignInConfig | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const fail = useCallback(() => setFailed(true), []);

  useEffect(() => {
    signInConfig().then(setConfig, fail);
  }, [fail]);

  return (
    <>
      <h1>{TEXT.title}</h1>
      {expired && !failed && (
        <div className="alert alert-warning" role="alert">
          <div className="alert-body">
            <p className="alert-text">{TEXT.expired}</p>
          </div>
        </div>
      )}
      {failed && <FailedAlert />}
      {config === undefined && !failed && <p>{TEXT.loading}</p>}
      {config?.method === 'none' && <p>{TEXT.notConfigured}</p>}
      {config?.method === 'oidc' && <OidcSignIn returnTo={returnTo} onFail={fail} />}
      {config?.method === 'demo' && <DemoSignIn returnTo={returnTo} onFail={fail} />}
    </>
  );
}

function FailedAlert() {
  return (
    <div className="alert alert-error" role="alert">
      <div className="alert-body">
        <p className="alert-text">{TEXT.failed}</p>
      </div>
    </div>
  );
}

function OidcSignIn({ returnTo, onFail }: { returnTo: string; onFail: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <>
      <p>{TEXT.oidcIntro}</p>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await startOidcSignIn(returnTo);
          } catch {
            setBusy(false);
            onFail();
          }
        }}
      >
        {TEXT.oidcButton}
      </button>
    </>
  );
}

function DemoSignIn({ returnTo, onFail }: { returnTo: string; onFail: () => void }) {
  const navigate = useNavigate();
  const client = useApolloClient();
  const [choices, setChoices] = useState<DemoChoices | null | undefined>(undefined);

  useEffect(() => {
    demoChoices().then(setChoices, onFail);
  }, [onFail]);

  async function signIn(request: DemoRequest) {
    try {
      setToken(await demoToken(request), 'demo');
      await client.resetStore();
      navigate(returnTo);
    } catch {
      onFail();
    }
  }

  if (choices === undefined) return <p>{TEXT.loading}</p>;
  if (choices === null) return <p>{TEXT.notConfigured}</p>;
  return (
    <>
      <p>{TEXT.demoIntro}</p>
      <h2>{TEXT.byRole}</h2>
      <ul className="nobullet-list app-sign-in">
        {choices.identities.map((identity) => (
          <li key={identity.key}>
            <button
              type="button"
              className="button button-primary"
              aria-label={`${TEXT.as} ${identity.label}`}
              onClick={() => signIn({ identity: identity.key })}
            >
              {identity.label}
            </button>
          </li>
        ))}
      </ul>
      {choices.people.length > 0 && <PersonChoice choices={choices} onChoose={signIn} />}
      {choices.kommuner.length > 0 && <KommuneChoice choices={choices} onChoose={signIn} />}
    </>
  );
}

/** A person of the network, found by typing part of the name or title. */
function PersonChoice({
  choices,
  onChoose,
}: {
  choices: DemoChoices;
  onChoose: (request: DemoRequest) => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState('');
  const matching = useMemo(() => {
    const words = filter.toLocaleLowerCase('da').split(/\s+/).filter(Boolean);
    return choices.people.filter((person) => {
      const text = `${person.name} ${person.title ?? ''}`.toLocaleLowerCase('da');
      return words.every((word) => text.includes(word));
    });
  }, [choices.people, filter]);
  const shown = matching.slice(0, PEOPLE_SHOWN);
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{TEXT.asPerson}</h2>
      <p>{TEXT.asPersonHelp}</p>
      <div className="form-group">
        <label className="form-label" htmlFor={`${id}-filter`}>
          {TEXT.personFilter}
        </label>
        <input
          id={`${id}-filter`}
          type="search"
          className="form-input"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          aria-describedby={`${id}-count`}
        />
      </div>
      <p id={`${id}-count`} aria-live="polite">
        {TEXT.peopleCount(matching.length, shown.length)}
      </p>
      <ul className="nobullet-list app-sign-in">
        {shown.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              className="button button-secondary"
              aria-label={`${TEXT.as} ${person.name}${person.title ? `, ${person.title}` : ''}`}
              onClick={() => onChoose({ identity: 'person', person: person.id })}
            >
              {person.name}
              {person.title && `, ${person.title}`}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The editor of a chosen kommune. */
function KommuneChoice({
  choices,
  onChoose,
}: {
  choices: DemoChoices;
  onChoose: (request: DemoRequest) => void;
}) {
  const id = useId();
  const [kommune, setKommune] = useState('0751');
  const selected = choices.kommuner.some((candidate) => candidate.code === kommune)
    ? kommune
    : choices.kommuner[0].code;
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{TEXT.asKommuneEditor}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onChoose({ identity: 'kommune-editor', kommune: selected });
        }}
      >
        <div className="form-group">
          <label className="form-label" htmlFor={`${id}-kommune`}>
            {TEXT.kommune}
          </label>
          <select
            id={`${id}-kommune`}
            className="form-select"
            value={selected}
            onChange={(event) => setKommune(event.target.value)}
          >
            {choices.kommuner.map((candidate) => (
              <option key={candidate.code} value={candidate.code}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary mt-4">
          {TEXT.kommuneEditorButton}
        </button>
      </form>
    </section>
  );
}
