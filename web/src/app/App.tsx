import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useState, type ComponentType } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { SignInCallbackPage } from '../auth/SignInCallbackPage';
import { SignInPage } from '../auth/SignInPage';
import { Layout } from '../layout/Layout';
import { NotFoundPage } from '../layout/NotFoundPage';
import { PersonPage } from '../person/PersonPage';
import { SearchPage } from '../search/SearchPage';
import { createApolloClient } from './apollo';

// Pages most visitors never open load on demand, keeping the first load small.
const RequirementListPage = lazy(() =>
  import('../requirements/RequirementListPage').then((m) => ({ default: m.RequirementListPage })),
);
const RequirementPage = lazy(() =>
  import('../requirements/RequirementPage').then((m) => ({ default: m.RequirementPage })),
);
const DeparturePage = lazy(() =>
  import('../departure/DeparturePage').then((m) => ({ default: m.DeparturePage })),
);
const ImportPage = lazy(() =>
  import('../import/ImportPage').then((m) => ({ default: m.ImportPage })),
);

/** What a lazily loaded page shows while its code arrives. */
function PageLoading() {
  return <p role="status">Henter siden …</p>;
}

/** A lazily loaded page inside its own Suspense boundary. */
function Lazy({ page: Page }: { page: ComponentType }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}

/** The routes of the web app; paths are Danish, as users read them in the address bar. */
export function App() {
  const [client] = useState(createApolloClient);
  return (
    <ApolloProvider client={client}>
      <BrowserRouter>
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<SearchPage />} />
            <Route path="log-ind" element={<SignInPage />} />
            <Route path="log-ind/retur" element={<SignInCallbackPage />} />
            <Route path="personer/:id" element={<PersonPage />} />
            <Route path="krav" element={<Lazy page={RequirementListPage} />} />
            <Route path="krav/:id" element={<Lazy page={RequirementPage} />} />
            <Route path="fratraedelse/:personId" element={<Lazy page={DeparturePage} />} />
            <Route path="import" element={<Lazy page={ImportPage} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </ApolloProvider>
  );
}
