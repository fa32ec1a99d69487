import { Link } from 'react-router';
import { usePageTitle } from '../app/usePageTitle';

/** Any address the app does not know. */
export function NotFoundPage() {
  usePageTitle('Siden findes ikke');
  return (
    <>
      <h1>Siden findes ikke</h1>
      <p>
        Adressen passer ikke til nogen side. <Link to="/">Gå til søgningen</Link>.
      </p>
    </>
  );
}
