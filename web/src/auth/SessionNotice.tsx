import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { scheduleExpiry, useSessionExpired } from './session';
import { TEXT } from './sign-in.texts';

/**
 * Keeps the session's renewal and expiry running while the app is open, and says so when the
 * session ran out, with a way back in to the page one was on (what was typed stays on the page).
 */
export function SessionNotice() {
  const expired = useSessionExpired();
  const location = useLocation();
  useEffect(() => scheduleExpiry(), []);
  if (!expired || location.pathname.startsWith('/log-ind')) return null;
  const here = location.pathname + location.search;
  return (
    <div className="alert alert-warning" role="alert">
      <div className="alert-body">
        <p className="alert-text">
          {TEXT.expired} <Link to={`/log-ind?til=${encodeURIComponent(here)}`}>{TEXT.title}</Link>
        </p>
      </div>
    </div>
  );
}
