import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import type { DemoIdentity } from './demo-sign-in';
import { demoIdentities, demoToken } from './demo-sign-in';
import { setToken } from './session';

const TEXT = {
  title: 'Log ind',
  intro:
    'Dette er en demo-installation. Vælg, hvem du vil logge ind som: et medlem kan søge efter personer, en redaktør kan også rette for sin kommune, og en administrator kan rette alt.',
  loading: 'Henter mulighederne for at logge ind …',
  noDemo:
    'Denne installation logger ind gennem din organisations login (OIDC), som endnu ikke er understøttet i webappen. Brug en token fra din administrator i GraphQL-API’et indtil videre.',
  failed: 'Det lykkedes ikke at logge ind. Prøv igen.',
  as: 'Log ind som',
};

/** `/log-ind`: the demo sign-in, one button per identity the server offers. */
export function SignInPage() {
  usePageTitle(TEXT.title);
  const navigate = useNavigate();
  const client = useApolloClient();
  const [identities, setIdentities] = useState<DemoIdentity[] | null | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    demoIdentities().then(setIdentities, () => setFailed(true));
  }, []);

  async function signIn(key: string) {
    try {
      setToken(await demoToken(key));
      await client.resetStore();
      navigate('/');
    } catch {
      setFailed(true);
    }
  }

  return (
    <>
      <h1>{TEXT.title}</h1>
      {failed && (
        <div className="alert alert-error" role="alert">
          <div className="alert-body">
            <p className="alert-text">{TEXT.failed}</p>
          </div>
        </div>
      )}
      {identities === undefined && !failed && <p>{TEXT.loading}</p>}
      {identities === null && <p>{TEXT.noDemo}</p>}
      {identities && (
        <>
          <p>{TEXT.intro}</p>
          <ul className="nobullet-list app-sign-in">
            {identities.map((identity) => (
              <li key={identity.key}>
                <button
                  type="button"
                  className="button button-primary"
                  aria-label={`${TEXT.as} ${identity.label}`}
                  onClick={() => signIn(identity.key)}
                >
                  {identity.label}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
