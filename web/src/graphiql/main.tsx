/**
 * GraphiQL at `/graphql` for browsers, bundled with the app (Monaco and its workers included), so
 * it works on a closed network where Apollo's Sandbox, loaded from a CDN, is a blank page. It
 * sends the tab's token (from the web app's sign-in) as a bearer token.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getToken } from '../auth/session';

const fetcher = createGraphiQLFetcher({ url: '/graphql' });
const token = getToken();

const root = document.getElementById('graphiql');
if (!root) throw new Error('graphiql.html has no #graphiql');
createRoot(root).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      defaultHeaders={
        token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined
      }
    />
  </StrictMode>,
);
