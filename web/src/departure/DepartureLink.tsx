import { useQuery } from '@apollo/client/react';
import { Link } from 'react-router';
import { ViewerQuery } from '../app/viewer';
import { useToken } from '../auth/session';

/**
 * "Registrér fratrædelse" for a person, shown to editors and admins only (the departure page and
 * the API check the rest). Kept small and eager, so the person page can show it without loading
 * the departure page's code.
 */
export function DepartureLink({ personId }: { personId: string }) {
  const token = useToken();
  const { data } = useQuery(ViewerQuery, { skip: !token });
  const role = token ? data?.viewer?.role : undefined;
  if (role !== 'EDITOR' && role !== 'ADMIN') return null;
  return (
    <p>
      <Link to={`/fratraedelse/${encodeURIComponent(personId)}`}>Registrér fratrædelse</Link>
    </p>
  );
}
