import { useApolloClient, useQuery } from '@apollo/client/react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { SessionNotice } from '../auth/SessionNotice';
import { signOut, useToken } from '../auth/session';
import { ROLE_LABELS, ViewerQuery } from '../app/viewer';

const TEXT = {
  skip: 'Gå til sideindhold',
  name: 'Erfaringsnet',
  tagline: 'Find kolleger i OS2-fællesskabet, der har prøvet det før',
  nav: 'Hovedmenu',
  search: 'Søg',
  groups: 'Grupper',
  products: 'Produkter',
  kommuner: 'Kommuner',
  risk: 'Viden i fare',
  requirements: 'Krav',
  import: 'Import',
  signIn: 'Log ind',
  signOut: 'Log ud',
  signedInAs: 'Logget ind som',
  footer: 'Erfaringsnet for OS2 – Offentligt digitaliseringsfællesskab',
  api: 'GraphQL-API',
};

/** The frame of every page: skip link, header with the user, main content, footer. */
export function Layout() {
  return (
    <>
      <a className="skipnav" href="#main-content">
        {TEXT.skip}
      </a>
      <header className="header">
        <div className="solution-info">
          <div className="container solution-info-inner app-header">
            <div className="solution-heading">
              <Link to="/">{TEXT.name}</Link>
            </div>
            <ViewerStatus />
          </div>
        </div>
        <nav className="container app-nav" aria-label={TEXT.nav}>
          <NavLink to="/" end>
            {TEXT.search}
          </NavLink>
          <NavLink to="/grupper">{TEXT.groups}</NavLink>
          <NavLink to="/produkter">{TEXT.products}</NavLink>
          <NavLink to="/kommuner">{TEXT.kommuner}</NavLink>
          <NavLink to="/viden-i-fare">{TEXT.risk}</NavLink>
          <NavLink to="/krav">{TEXT.requirements}</NavLink>
          <AdminNavLink to="/import">{TEXT.import}</AdminNavLink>
        </nav>
      </header>
      <main id="main-content" className="container app-main" tabIndex={-1}>
        <SessionNotice />
        <Outlet />
      </main>
      <footer className="app-footer">
        <div className="container">
          <p>{TEXT.footer}</p>
          <p>
            <a href="/graphql">{TEXT.api}</a>
          </p>
        </div>
      </footer>
    </>
  );
}

/** A header link only administrators see (the page itself also says so to others). */
function AdminNavLink({ to, children }: { to: string; children: string }) {
  const token = useToken();
  const { data } = useQuery(ViewerQuery, { skip: !token });
  if (!token || data?.viewer?.role !== 'ADMIN') return null;
  return <NavLink to={to}>{children}</NavLink>;
}

/** "Logget ind som Medlem" and a sign-out button, or a link to sign in. */
function ViewerStatus() {
  const token = useToken();
  const client = useApolloClient();
  const navigate = useNavigate();
  const { data } = useQuery(ViewerQuery, { skip: !token });
  const viewer = token ? data?.viewer : null;

  if (!token) {
    return (
      <Link className="button button-secondary app-header-action" to="/log-ind">
        {TEXT.signIn}
      </Link>
    );
  }
  const who = viewer
    ? [
        ROLE_LABELS[viewer.role],
        viewer.person?.name,
        viewer.kommune?.name ?? viewer.organization?.name,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  return (
    <div className="app-user">
      {who && (
        <p className="app-user-name">
          {TEXT.signedInAs} <strong>{who}</strong>
        </p>
      )}
      <button
        type="button"
        className="button button-secondary app-header-action"
        onClick={async () => {
          // After an OIDC sign-in this also ends the session at the issuer (the browser goes there).
          await signOut();
          await client.clearStore();
          navigate('/');
        }}
      >
        {TEXT.signOut}
      </button>
    </div>
  );
}
