import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';
import { completeOidcSignIn } from './session';
import { TEXT } from './sign-in.texts';

/** `/log-ind/retur`: where the issuer sends the browser back with the code; exchanges it, then goes on. */
export function SignInCallbackPage() {
  usePageTitle(TEXT.callbackTitle);
  const navigate = useNavigate();
  const client = useApolloClient();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let current = true;
    completeOidcSignIn().then(
      async (returnTo) => {
        if (!current) return;
        await client.resetStore();
        navigate(returnTo, { replace: true });
      },
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [client, navigate]);

  if (!failed) return <h1>{TEXT.callbackTitle}</h1>;
  return (
    <>
      <h1>{TEXT.title}</h1>
      <div className="alert alert-error" role="alert">
        <div className="alert-body">
          <p className="alert-text">{TEXT.callbackFailed}</p>
        </div>
      </div>
      <p>
        <Link to="/log-ind">{TEXT.tryAgain}</Link>
      </p>
    </>
  );
}
